// The Fleet panel on the real console: two real `necrocode-runner serve` workers heartbeat to the
// console's embedded Task Registry; without anyone typing a URL the panel lists both as active,
// the console attaches both (the log table has entries of each), and after one is killed with
// SIGKILL the panel marks it lost, its unfinished runs end as worker_lost and the user is told
// in a few notices, not a storm of them; the other worker goes on being followed.
#include "EngineBackend.h"
#include "ServeWorkerProcess.h"
#include "TestCertificates.h"
#include "fleet/CertificateTrustDialog.h"
#include "fleet/FleetModel.h"
#include "fleet/FleetPanel.h"
#include "logstore/LogStore.h"
#include "logview/LogTableModel.h"
#include "runs/RunsModel.h"
#include "shell/ConsolePanels.h"
#include "shell/LanguageSwitcher.h"
#include "shell/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <chrono>
#include <csignal>

using namespace necrocode;
using namespace std::chrono_literals;

namespace {

// The state the Fleet panel shows for a worker id, or "" while it is not listed.
QString shownState(const FleetModel &model, const QString &workerId)
{
    const int row = model.rowOf(workerId);
    return row < 0
               ? QString()
               : model.index(row, FleetModel::StateColumn).data(FleetModel::StateRole).toString();
}

// Whether the console's log has the worker's own "serving on" entry, labelled with its source.
bool logHasEntryOf(const LogStore &store, const QString &label)
{
    for (qsizetype row = 0; row < store.size(); ++row) {
        const LogEntry entry = store.entry(row);
        if (entry.message.contains(QLatin1String(" serving on ")) &&
            entry.extra.value(QLatin1String("source")).toString() == label)
            return true;
    }
    return false;
}

QString labelOf(const QUrl &url)
{
    return url.host() + u':' + QString::number(url.port());
}

} // namespace

class TestConsoleFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("NecroCodeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_console_fleet"));
        QSettings().clear();
        m_languages = std::make_unique<LanguageSwitcher>();
        QVERIFY(m_languages->setLanguage(QStringLiteral("en")));
        RunnerConfig config;
        config.runnerId = QStringLiteral("console-fleet-test");
        config.healthPort = 0;
        m_backend = std::make_unique<EngineBackend>(config);
        m_backend->setFleetPollInterval(200ms);
        m_window = std::make_unique<MainWindow>(m_backend.get(), m_languages.get(),
                                                ApiKeyStore::Mode::SessionOnly);
        m_panels = m_window->findChild<ConsolePanels *>();
        QVERIFY(m_panels);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_panels->fleetModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy ready(m_backend.get(), &ConsoleBackend::ready);
        m_backend->start();
        QVERIFY(ready.wait(30000));
    }

    void listsAttachesAndMarksLostWorkersWithoutATypedUrl()
    {
        FleetPanel *panel = m_panels->fleetPanel();
        QVERIFY(panel->attachToAll()->isChecked()); // on by default
        QVERIFY(m_panels->fleetDock()->isVisible());
        QTRY_VERIFY(panel->status()->text().contains(QStringLiteral("No worker")));

        const auto address = [this](const char *service) {
            return QUrl(m_backend->serviceAddresses().value(QLatin1String(service)).url);
        };
        const ServiceUrls urls{address("task_registry"), address("repo_pool"),
                               address("artifact_store"), address("llm")};
        const QStringList beating{QStringLiteral("--set"),
                                  QStringLiteral("fleet.heartbeat_seconds=1")};
        auto doomed =
            std::make_unique<ServeWorkerProcess>(urls, QStringLiteral("fleet-a"), beating);
        ServeWorkerProcess survivor(urls, QStringLiteral("fleet-b"), beating);
        QTRY_VERIFY_WITH_TIMEOUT(!doomed->url().isEmpty() && !survivor.url().isEmpty(), 20000);
        const QString doomedLabel = labelOf(doomed->url());
        const QString survivorLabel = labelOf(survivor.url());

        const FleetModel &fleet = *m_panels->fleetModel();
        QTRY_COMPARE_WITH_TIMEOUT(shownState(fleet, QStringLiteral("fleet-a")),
                                  QStringLiteral("active"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(shownState(fleet, QStringLiteral("fleet-b")),
                                  QStringLiteral("active"), 10000);
        QTRY_VERIFY(panel->status()->text().contains(QStringLiteral("2 active")));
        QTRY_VERIFY_WITH_TIMEOUT(m_backend->attachedWorkers().contains(doomedLabel) &&
                                     m_backend->attachedWorkers().contains(survivorLabel),
                                 10000);
        const LogStore &store = m_window->logModel()->store();
        QTRY_VERIFY_WITH_TIMEOUT(logHasEntryOf(store, doomedLabel), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(logHasEntryOf(store, survivorLabel), 10000);

        // Killed while the console shows it running a task: that run must not stay running.
        const RunsModel &shownRuns = *m_panels->runsModel();
        const auto runsOfDoomed = [&] {
            for (int row = 0; row < shownRuns.rowCount(); ++row)
                if (shownRuns.run(row).source == doomedLabel &&
                    shownRuns.run(row).outcome == RunOutcome::Running)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(runsOfDoomed(), 20000);
        QSignalSpy notices(m_backend.get(), &ConsoleBackend::notice);
        ::kill(pid_t(doomed->process().processId()), SIGKILL);
        doomed->process().waitForFinished(5000);
        QTRY_COMPARE_WITH_TIMEOUT(shownState(fleet, QStringLiteral("fleet-a")),
                                  QStringLiteral("lost"), 10000);
        QCOMPARE(fleet.index(fleet.rowOf(QStringLiteral("fleet-a")), FleetModel::StateColumn)
                     .data()
                     .toString(),
                 QStringLiteral("lost"));
        QTRY_VERIFY(panel->status()->text().contains(QStringLiteral("1 active, 1 lost")));
        QTest::qWait(3000); // polls and health checks go on: the loss is not told again
        const auto aboutDoomed = [&](const QString &saying) {
            int count = 0;
            for (const QList<QVariant> &notice : std::as_const(notices))
                count += notice.at(0).toString().contains(doomedLabel) &&
                                 notice.at(0).toString().contains(saying)
                             ? 1
                             : 0;
            return count;
        };
        // The fleet says once that it was lost; with the stream's own notice, three at most.
        QCOMPARE(aboutDoomed(QStringLiteral("was lost")), 1);
        QVERIFY2(aboutDoomed({}) <= 3, qPrintable(QString::number(aboutDoomed({}))));
        // Its runs that had not finished are not left running: they ended as worker_lost.
        const RunsModel &runs = *m_panels->runsModel();
        const auto countRuns = [&](auto &&matches) {
            int count = 0;
            for (int row = 0; row < runs.rowCount(); ++row)
                count += matches(runs.run(row)) ? 1 : 0;
            return count;
        };
        const auto stillRunning = [&](const RunSnapshot &run) {
            return run.source == doomedLabel &&
                   (run.outcome == RunOutcome::Running || run.outcome == RunOutcome::Pending);
        };
        const auto lostRun = [&](const RunSnapshot &run) {
            return run.source == doomedLabel && run.errorType == QLatin1String("worker_lost");
        };
        QCOMPARE(countRuns(stillRunning), 0);
        QVERIFY(countRuns(lostRun) >= 1);
        QCOMPARE(shownState(fleet, QStringLiteral("fleet-b")), QStringLiteral("active"));
        QVERIFY(m_backend->attachedWorkers().contains(survivorLabel));
    }

    void aSelfSignedWorkerIsFollowedOverHttpsOnceItsCertificateIsTrusted()
    {
        test::TestCertificates certificates;
        const QString made = certificates.create();
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const auto address = [this](const char *service) {
            return QUrl(m_backend->serviceAddresses().value(QLatin1String(service)).url);
        };
        const ServiceUrls urls{address("task_registry"), address("repo_pool"),
                               address("artifact_store"), address("llm")};
        ServeWorkerProcess worker(
            urls, QStringLiteral("fleet-tls"),
            {QStringLiteral("--set"), QStringLiteral("fleet.heartbeat_seconds=1"),
             QStringLiteral("--set"),
             QStringLiteral("health.tls_certificate_file=") + certificates.selfSignedCertificate(),
             QStringLiteral("--set"),
             QStringLiteral("health.tls_key_file=") + certificates.selfSignedKey()});
        QTRY_VERIFY_WITH_TIMEOUT(!worker.url().isEmpty(), 20000);
        QCOMPARE(worker.url().scheme(), QStringLiteral("https"));
        const QString label = labelOf(worker.url());

        // Found through the fleet and attached, but not followed: the user is asked, once.
        const auto dialogs = [this] { return m_window->findChildren<CertificateTrustDialog *>(); };
        QTRY_COMPARE_WITH_TIMEOUT(dialogs().size(), 1, 15000);
        CertificateTrustDialog *dialog = dialogs().first();
        QCOMPARE(dialog->fingerprint(), certificates.selfSignedFingerprint());
        QVERIFY(dialog->informativeText().contains(certificates.selfSignedFingerprint()));
        const LogStore &store = m_window->logModel()->store();
        QVERIFY(!logHasEntryOf(store, label));
        QTest::qWait(1500);
        QCOMPARE(dialogs().size(), 1);

        dialog->trustButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(logHasEntryOf(store, label), 10000);
        // Kept for the next session, for this address only.
        QCOMPARE(QSettings().value(QStringLiteral("tls/pinned/") + label).toString(),
                 certificates.selfSignedFingerprint());
        QCOMPARE(EngineBackend::pinnedCertificateFor(label), certificates.selfSignedFingerprint());
    }

    void cleanupTestCase()
    {
        m_tester.reset();
        m_window.reset();
        m_backend.reset();
    }

private:
    std::unique_ptr<LanguageSwitcher> m_languages;
    std::unique_ptr<EngineBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    ConsolePanels *m_panels = nullptr;
};

QTEST_MAIN(TestConsoleFleet)
#include "test_console_fleet.moc"
