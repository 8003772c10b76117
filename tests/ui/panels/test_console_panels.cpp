// ConsolePanels in a main window: the docks, the backend's signals reaching the panels, the run
// selection announced and followed by the charts, the playground opened from the inspector, and
// retranslation on a language change.
#include "FakeConsoleBackend.h"
#include "PanelTestData.h"
#include "charts/ChartsPanel.h"
#include "core/RunEventCodec.h"
#include "healthview/HealthModel.h"
#include "logstore/LogStore.h"
#include "prompt/LlmCallsModel.h"
#include "prompt/PromptInspector.h"
#include "prompt/PromptPlayground.h"
#include "runs/RunsModel.h"
#include "runs/RunsPanel.h"
#include "shell/ConsolePanels.h"

#include <QDir>
#include <QDockWidget>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace necrocode;

namespace {

// Translates every text to "[xx] <source>", to see which texts follow a language change.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *, const char *sourceText, const char *, int) const override
    {
        return QStringLiteral("[xx] ") + QString::fromUtf8(sourceText);
    }
    bool isEmpty() const override { return false; }
};

// Writes a picture of `widget` when NECRO_PANEL_SNAPSHOT_DIR names a directory.
void snapshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("NECRO_PANEL_SNAPSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestConsolePanels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_backend = std::make_unique<FakeConsoleBackend>();
        m_window = std::make_unique<QMainWindow>();
        m_window->setCentralWidget(new QPlainTextEdit);
        m_panels = new ConsolePanels(m_backend.get(), m_window.get());
    }

    void cleanup()
    {
        m_window.reset();
        m_backend.reset();
    }

    void serviceCallsInTheLogReachTheLatencyCharts()
    {
        using namespace run_event;
        auto entry = [](const QJsonObject &fields) {
            LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("necrocode.runner"),
                                       QStringLiteral("something happened"), fields);
            e.runnerId = QStringLiteral("runner-1");
            e.taskId = QStringLiteral("1.1");
            return e;
        };
        const std::vector<LogEntry> entries{
            entry(run_event_codec::write(ServiceCall{.service = QStringLiteral("repo_pool"),
                                                     .operation = QStringLiteral("allocate_slot"),
                                                     .statusCode = 200,
                                                     .durationSeconds = 0.25})),
            // A request's own entry names the service but has no answer yet.
            entry({{QStringLiteral("service"), QStringLiteral("repo_pool")},
                   {QStringLiteral("operation"), QStringLiteral("release_slot")},
                   {QStringLiteral("attempt"), 1}}),
            // A git command and a finished run carry a duration but are no service call.
            entry(run_event_codec::write(GitCommand{.operation = QStringLiteral("git_push"),
                                                    .command = QStringLiteral("git push"),
                                                    .durationSeconds = 0.5,
                                                    .success = true})),
            entry(run_event_codec::write(RunFinished{true, 9.0, {}, {}})),
            entry({}),
            entry(run_event_codec::write(ServiceCall{.service = QStringLiteral("repo_pool"),
                                                     .operation = QStringLiteral("release_slot"),
                                                     .statusCode = 503,
                                                     .durationSeconds = 0.75,
                                                     .errorType = QStringLiteral("http_503")})),
        };
        LogStore store;
        store.append(entries);
        m_panels->addServiceCalls(store, 0, store.size());
        const ChartTimeSeries latency =
            m_panels->chartsPanel()->serviceLatencyData(QStringLiteral("repo_pool"));
        QCOMPARE(latency.ys(), (std::vector<double>{0.25, 0.75}));
        QCOMPARE(m_panels->chartsPanel()->serviceLatencyData(QStringLiteral("git_push")).size(), 0);
    }

    void docksThePanels()
    {
        QCOMPARE(m_panels->parent(), m_window.get());
        QStringList names;
        for (QDockWidget *dock : m_panels->docks()) {
            names.append(dock->objectName());
            QVERIFY(!dock->windowTitle().isEmpty());
            QVERIFY(dock->widget() != nullptr);
        }
        QCOMPARE(names, (QStringList{QStringLiteral("healthDock"), QStringLiteral("fleetDock"),
                                     QStringLiteral("runsDock"), QStringLiteral("chartsDock"),
                                     QStringLiteral("promptInspectorDock"),
                                     QStringLiteral("promptPlaygroundDock")}));
        QCOMPARE(m_window->dockWidgetArea(m_panels->runsDock()), Qt::BottomDockWidgetArea);
        QCOMPARE(m_window->dockWidgetArea(m_panels->healthDock()), Qt::LeftDockWidgetArea);
        QCOMPARE(m_window->dockWidgetArea(m_panels->fleetDock()), Qt::LeftDockWidgetArea);
        QCOMPARE(m_window->dockWidgetArea(m_panels->chartsDock()), Qt::RightDockWidgetArea);
        const QList<QDockWidget *> tabs = m_window->tabifiedDockWidgets(m_panels->chartsDock());
        QVERIFY(tabs.contains(m_panels->promptInspectorDock()));
        QVERIFY(tabs.contains(m_panels->promptPlaygroundDock()));
        QVERIFY(m_window->restoreState(m_window->saveState()));
    }

    void backendSignalsReachThePanels()
    {
        Q_EMIT m_backend->runChanged(
            testdata::run(QStringLiteral("a"), RunOutcome::Running, QStringLiteral("runner-a")));
        Q_EMIT m_backend->llmExchangeRecorded(
            testdata::exchange(QStringLiteral("1"), QStringLiteral("a"), testdata::nowMs(), 1.0));
        ServiceHealth down;
        down.state = ServiceState::Down;
        Q_EMIT m_backend->serviceHealthChanged(QStringLiteral("local"), QStringLiteral("repo_pool"),
                                               down);
        Q_EMIT m_backend->healthServerChanged(QStringLiteral("http://127.0.0.1:1234"), true);

        QTRY_COMPARE(m_panels->runsModel()->rowCount(), 1);
        QTRY_COMPARE(m_panels->llmCallsModel()->rowCount(), 1);
        QCOMPARE(m_panels->chartsPanel()->seriesData(ChartsPanel::Series::Latency).size(), 1);
        HealthModel *health = m_panels->healthModel();
        const int row = health->rowOf(QStringLiteral("local"), QStringLiteral("repo_pool"));
        QCOMPARE(health->index(row, HealthModel::StateColumn).data().toString(),
                 QStringLiteral("DOWN"));
        QVERIFY(health->healthServerListening());
    }

    void pricesComeFromTheConfiguration()
    {
        RunnerConfig config;
        config.prices.insert(QStringLiteral("scripted-model"), ModelPrice{1.0, 1.0});
        m_backend->applyConfig(config);
        m_panels->refreshPrices();
        m_panels->llmCalls()->append(
            {testdata::exchange(QStringLiteral("1"), QStringLiteral("a"), 1000, 1.0, 1000000, 0)});
        QCOMPARE(m_panels->llmCalls()->series().costUsd.at(0), 1.0);
    }

    void selectingARunFiltersChartsAndIsAnnounced()
    {
        QSignalSpy selected(m_panels, &ConsolePanels::runSelected);
        m_panels->runsModel()->enqueue(
            testdata::run(QStringLiteral("a"), RunOutcome::Running, QStringLiteral("runner-a")));
        m_panels->runsModel()->applyPending();
        m_panels->runsPanel()->view()->selectRow(0);
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.at(0),
                 (QList<QVariant>{QStringLiteral("runner-a"), QStringLiteral("task-a")}));
        QVERIFY(m_panels->chartsPanel()->isRunFiltered());

        m_panels->runsPanel()->clearSelection();
        QCOMPARE(selected.size(), 2);
        QCOMPARE(selected.at(1), (QList<QVariant>{QString(), QString()}));
        QVERIFY(!m_panels->chartsPanel()->isRunFiltered());
    }

    void opensACallInThePlayground()
    {
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_panels->llmCalls()->append(
            {testdata::exchange(QStringLiteral("1"), QStringLiteral("a"), 1000, 1.0)});
        m_panels->promptInspectorDock()->raise();
        m_panels->promptInspector()->showCall(0);
        m_panels->promptInspector()
            ->findChild<QPushButton *>(QStringLiteral("openInPlayground"))
            ->click();
        QCOMPARE(m_panels->promptPlayground()->request().messages,
                 testdata::exchange(QStringLiteral("1"), QStringLiteral("a"), 1000, 1.0)
                     .request.messages);
        QTRY_VERIFY(m_panels->promptPlayground()->isVisible());
    }

    void followsALanguageChange()
    {
        MarkingTranslator translator;
        QVERIFY(QCoreApplication::installTranslator(&translator));
        QTRY_VERIFY(m_panels->runsDock()->windowTitle().startsWith(QStringLiteral("[xx] ")));
        QVERIFY(m_panels->chartsDock()->windowTitle().startsWith(QStringLiteral("[xx] ")));
        QVERIFY(m_panels->runsPanel()
                    ->findChild<QPushButton *>(QStringLiteral("runDemo"))
                    ->text()
                    .startsWith(QStringLiteral("[xx] ")));
        QVERIFY(m_panels->runsModel()
                    ->headerData(RunsModel::TaskColumn, Qt::Horizontal)
                    .toString()
                    .startsWith(QStringLiteral("[xx] ")));
        QVERIFY(m_panels->healthModel()
                    ->index(0, HealthModel::StateColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("[xx] ")));
        QVERIFY(QCoreApplication::removeTranslator(&translator));
        QTRY_COMPARE(m_panels->runsDock()->windowTitle(), QStringLiteral("Runs"));
    }

    void picturesOfThePanels()
    {
        const qint64 now = testdata::nowMs();
        for (int i = 0; i < 6; ++i) {
            RunSnapshot run = testdata::run(QString::number(i), RunOutcome(i % 5),
                                            QStringLiteral("runner-%1").arg(i % 2));
            run.llmCalls = i;
            run.promptTokens = 1200 * i;
            run.costUsd = i % 2 ? 0.002 * i : -1;
            if (run.outcome == RunOutcome::Failed)
                run.error = QStringLiteral("tests failed: 2 of 14");
            Q_EMIT m_backend->runChanged(run);
        }
        QList<LlmExchange> calls;
        for (int i = 0; i < 400; ++i) {
            LlmExchange call = testdata::exchange(QString::number(i), QString::number(i % 3),
                                                  now - (400 - i) * 700, 0.6 + (i % 17) * 0.08,
                                                  900 + (i * 37) % 800, 40 + (i * 13) % 300);
            if (i % 2)
                call.response.timeToFirstTokenSeconds = 0.1 + (i % 7) * 0.03;
            calls.append(call);
        }
        m_panels->llmCalls()->append(calls);
        for (int i = 0; i < 200; ++i) {
            m_panels->addServiceLatency(QStringLiteral("task_registry"), now - i * 1300,
                                        0.02 + (i % 5) * 0.01);
            m_panels->addServiceLatency(QStringLiteral("repo_pool"), now - i * 1700,
                                        0.3 + (i % 9) * 0.05);
        }
        ServiceHealth up;
        up.state = ServiceState::Up;
        up.latencySeconds = 0.012;
        up.lastCheck = QDateTime::currentDateTimeUtc();
        ServiceHealth down = up;
        down.state = ServiceState::Down;
        down.lastError = QStringLiteral("connection refused");
        for (const QString &service : ConsoleBackend::serviceNames())
            Q_EMIT m_backend->serviceHealthChanged(QStringLiteral("local"), service,
                                                   service == QLatin1String("artifact_store") ? down
                                                                                              : up);
        Q_EMIT m_backend->healthServerChanged(QStringLiteral("http://127.0.0.1:9464"), true);
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE(m_panels->runsModel()->rowCount(), 6);
        m_panels->chartsPanel()->redrawNow();
        QTest::qWait(100);
        snapshot(m_window.get(), QStringLiteral("window"));
        m_panels->chartsDock()->setFloating(true);
        m_panels->chartsDock()->resize(1300, 1500);
        m_panels->chartsPanel()->setTimeWindow(ChartsPanel::TimeWindow::All);
        QTest::qWait(100);
        snapshot(m_panels->chartsPanel(), QStringLiteral("charts"));
        m_panels->promptInspectorDock()->raise();
        m_panels->promptInspector()->showCall(3);
        QTest::qWait(50);
        snapshot(m_panels->promptInspector(), QStringLiteral("inspector"));
        m_panels->promptPlayground()->load(calls.at(3));
        m_panels->promptPlaygroundDock()->raise();
        QTest::qWait(50);
        snapshot(m_panels->promptPlayground(), QStringLiteral("playground"));
        QVERIFY(!m_panels->chartsPanel()->grab().isNull());
    }

private:
    std::unique_ptr<FakeConsoleBackend> m_backend;
    std::unique_ptr<QMainWindow> m_window;
    ConsolePanels *m_panels = nullptr;
};

QTEST_MAIN(TestConsolePanels)
#include "test_console_panels.moc"
