// The health table and panel: one row per service per source, the state in words and colour
// through UP/DOWN transitions, the last error in the tooltip, the health server line.
#include "healthview/HealthModel.h"
#include "healthview/HealthPanel.h"

#include <QAbstractItemModelTester>
#include <QImage>
#include <QLabel>
#include <QTableView>
#include <QTest>

using namespace necrocode;

namespace {

ServiceHealth health(ServiceState state, double latency, const QString &error = {})
{
    ServiceHealth h;
    h.state = state;
    h.latencySeconds = latency;
    h.lastCheck = QDateTime::fromMSecsSinceEpoch(1764265321123, Qt::UTC);
    h.lastError = error;
    h.lastErrorType = error.isEmpty() ? QString() : QStringLiteral("connection");
    h.consecutiveFailures = error.isEmpty() ? 0 : 3;
    return h;
}

// Pixels of `image` within `rect` that are close to `color`.
int pixelsNear(const QImage &image, const QRect &rect, const QColor &color)
{
    int count = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (qAbs(pixel.red() - color.red()) < 30 && qAbs(pixel.green() - color.green()) < 30 &&
                qAbs(pixel.blue() - color.blue()) < 30)
                ++count;
        }
    }
    return count;
}

} // namespace

class TestHealthPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hasARowPerServicePerSource()
    {
        HealthModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 4);
        for (int row = 0; row < 4; ++row)
            QCOMPARE(model.data(model.index(row, HealthModel::StateColumn)).toString(),
                     QStringLiteral("UNKNOWN"));
        QCOMPARE(model.data(model.index(0, HealthModel::ServiceColumn)).toString(),
                 QStringLiteral("Task Registry"));
        QCOMPARE(model.data(model.index(3, HealthModel::ServiceColumn)).toString(),
                 QStringLiteral("LLM"));
        QCOMPARE(model.data(model.index(0, HealthModel::SourceColumn)).toString(),
                 QStringLiteral("Local"));

        model.setHealth(QStringLiteral("worker-7"), QStringLiteral("repo_pool"),
                        health(ServiceState::Degraded, 2.5));
        QCOMPARE(model.rowCount(), 8);
        const int row = model.rowOf(QStringLiteral("worker-7"), QStringLiteral("repo_pool"));
        QCOMPARE(row, 5);
        QCOMPARE(model.data(model.index(row, HealthModel::SourceColumn)).toString(),
                 QStringLiteral("worker-7"));
        QCOMPARE(model.data(model.index(row, HealthModel::StateColumn)).toString(),
                 QStringLiteral("DEGRADED"));
        QCOMPARE(model.data(model.index(row, HealthModel::LatencyColumn)).toString(),
                 QStringLiteral("2.50 s"));
        QCOMPARE(model.data(model.index(4, HealthModel::StateColumn)).toString(),
                 QStringLiteral("UNKNOWN"));

        for (int i = 0; i < 20; ++i)
            model.setHealth(i % 2 ? QStringLiteral("local")
                                  : QStringLiteral("worker-%1").arg(i % 3),
                            QStringLiteral("llm"), health(ServiceState(i % 4), 0.01 * i));
        model.setHealth(QStringLiteral("local"), QStringLiteral("mail"),
                        health(ServiceState::Up, 0.1));
        QCOMPARE(model.rowOf(QStringLiteral("local"), QStringLiteral("mail")),
                 model.rowCount() - 1);
    }

    void showsUpAndDownInWordsAndColour()
    {
        HealthModel model;
        HealthPanel panel(&model);
        panel.resize(700, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const int row = model.rowOf(QStringLiteral("local"), QStringLiteral("llm"));
        const QModelIndex state = model.index(row, HealthModel::StateColumn);
        QTableView *view = panel.view();

        model.setHealth(QStringLiteral("local"), QStringLiteral("llm"),
                        health(ServiceState::Up, 0.042));
        QCOMPARE(state.data().toString(), QStringLiteral("UP"));
        QCOMPARE(state.data(HealthModel::StateColorRole).value<QColor>(),
                 HealthModel::stateColor(ServiceState::Up));
        QCOMPARE(model.index(row, HealthModel::LatencyColumn).data().toString(),
                 QStringLiteral("42 ms"));
        QVERIFY(!model.index(row, HealthModel::LastCheckColumn).data().toString().isEmpty());
        QImage image = view->viewport()->grab().toImage();
        const QRect cell = view->visualRect(state);
        QVERIFY(pixelsNear(image, cell, HealthModel::stateColor(ServiceState::Up)) > 10);
        QCOMPARE(pixelsNear(image, cell, HealthModel::stateColor(ServiceState::Down)), 0);

        model.setHealth(QStringLiteral("local"), QStringLiteral("llm"),
                        health(ServiceState::Down, 5.0, QStringLiteral("connection refused")));
        QCOMPARE(state.data().toString(), QStringLiteral("DOWN"));
        QCOMPARE(state.data(HealthModel::StateColorRole).value<QColor>(),
                 HealthModel::stateColor(ServiceState::Down));
        const QString tip = state.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("connection: connection refused")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("DOWN")), qPrintable(tip));
        image = view->viewport()->grab().toImage();
        QVERIFY(pixelsNear(image, cell, HealthModel::stateColor(ServiceState::Down)) > 10);
        QCOMPARE(pixelsNear(image, cell, HealthModel::stateColor(ServiceState::Up)), 0);
    }

    void theSourceColumnShowsOnlyOnceAWorkerIsAttached()
    {
        HealthModel model;
        HealthPanel panel(&model);
        panel.resize(260, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *view = panel.findChild<QTableView *>(QStringLiteral("healthView"));
        model.setHealth(QStringLiteral("local"), QStringLiteral("llm"), ServiceHealth{});
        QVERIFY(view->isColumnHidden(HealthModel::SourceColumn));
        // In a narrow dock the state is in sight.
        QVERIFY(view->columnViewportPosition(HealthModel::StateColumn) +
                    view->columnWidth(HealthModel::StateColumn) <=
                view->viewport()->width());
        model.setHealth(QStringLiteral("10.0.0.7:9464"), QStringLiteral("llm"), ServiceHealth{});
        QVERIFY(!view->isColumnHidden(HealthModel::SourceColumn));
        model.removeSource(QStringLiteral("10.0.0.7:9464"));
        QVERIFY(view->isColumnHidden(HealthModel::SourceColumn));
    }

    void showsTheHealthServer()
    {
        HealthModel model;
        HealthPanel panel(&model);
        auto *server = panel.findChild<QLabel *>(QStringLiteral("healthServer"));
        QVERIFY(server->text().contains(QStringLiteral("not started")));

        model.setHealthServer(QStringLiteral("http://127.0.0.1:9464"), true);
        QVERIFY(server->text().contains(QStringLiteral("listening on http://127.0.0.1:9464")));
        QVERIFY(server->styleSheet().isEmpty());

        model.setHealthServer(QStringLiteral("port 9464 is in use"), false);
        QVERIFY(server->text().contains(QStringLiteral("port 9464 is in use")));
        QVERIFY(server->styleSheet().contains(HealthModel::stateColor(ServiceState::Down).name()));
    }
};

QTEST_MAIN(TestHealthPanel)
#include "test_health_panel.moc"
