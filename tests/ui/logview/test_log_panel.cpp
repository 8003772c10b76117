// LogPanel on its own: the live tab shows what the hub receives, the filter bar's query applies
// to the tab shown and follows it to the next, the detail pane shows the shown tab's entry, and
// switching tabs announces the new tab's follow state and a status refresh.
#include "LogViewTestEntries.h"
#include "log/LogHub.h"
#include "logview/LogDetailPane.h"
#include "logview/LogFilterBar.h"
#include "logview/LogPanel.h"
#include "logview/LogTableModel.h"
#include "logview/LogTabs.h"
#include "logview/LogView.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

class TestLogPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theFilterAndDetailFollowTheTabShown()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("earlier.jsonl"));
        QVERIFY(testing::writeEarlierLog(path, 12));

        LogHub hub;
        for (int i = 0; i < 5; ++i)
            hub.post(LogEntry::now(LogLevel::Info, QStringLiteral("live"),
                                   QStringLiteral("live entry %1").arg(i)));
        LogPanel panel;
        panel.resize(1000, 700);
        panel.show();
        panel.followHub(hub);
        QTRY_COMPARE(panel.liveModel()->totalRowCount(), 5);

        QSignalSpy following(&panel, &LogPanel::followingChanged);
        QSignalSpy status(&panel, &LogPanel::statusChanged);
        panel.tabs()->openFiles({path});
        LogView *opened = panel.currentView();
        QVERIFY(opened != panel.liveView());
        QCOMPARE(panel.currentModel(), opened->logModel());
        QVERIFY(following.count() >= 1);
        QVERIFY(status.count() >= 1);
        QTRY_COMPARE(opened->logModel()->totalRowCount(), 12);

        panel.filterBar()
            ->findChild<QLineEdit *>(QStringLiteral("logFilterSearch"))
            ->setText(QStringLiteral("file 7"));
        QTRY_COMPARE(opened->logModel()->rowCount(), 1);
        QVERIFY(panel.hasAppliedFilter());
        opened->setCurrentIndex(opened->logModel()->index(0, 0));
        QVERIFY(panel.detailPane()->jsonText().contains(QStringLiteral("from the file 7")));

        // Back on the live tab the same query applies there, and the detail pane follows.
        panel.tabs()->setCurrentIndex(0);
        QCOMPARE(panel.currentView(), panel.liveView());
        QTRY_COMPARE(panel.liveModel()->rowCount(), 0);
        QVERIFY(!panel.detailPane()->jsonText().contains(QStringLiteral("from the file")));
        panel.filterBar()
            ->findChild<QLineEdit *>(QStringLiteral("logFilterSearch"))
            ->setText(QStringLiteral("live entry 3"));
        QTRY_COMPARE(panel.liveModel()->rowCount(), 1);
        QCOMPARE(opened->logModel()->rowCount(), 1); // the file's tab keeps its own filter
    }
};

QTEST_MAIN(TestLogPanel)
#include "test_log_panel.moc"
