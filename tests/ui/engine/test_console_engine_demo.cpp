// The console on the real engine: the main window over an EngineBackend whose embedded local
// services keep their data in a temporary directory of their own. "Run demo" runs the demo task
// set end to end: the runs panel shows every task with its final state, the log table has entries
// from every runner, the token and latency charts one point per LLM call, the health panel the
// four services UP. Then the LLM service fails on purpose (fault injection): its health indicator
// turns DOWN, and UP again once the fault is removed. A worker is attached and detached again.
#include "EngineBackend.h"
#include "charts/ChartsPanel.h"
#include "demo/DemoSeeder.h"
#include "health/HealthServer.h"
#include "healthview/HealthModel.h"
#include "healthview/HealthPanel.h"
#include "log/LogHub.h"
#include "logstore/LogStore.h"
#include "logview/LogTableModel.h"
#include "prompt/LlmCallsModel.h"
#include "prompt/PromptPlayground.h"
#include "prompt/PromptPlaygroundAnswer.h"
#include "runs/RunDetailDialog.h"
#include "runs/RunsModel.h"
#include "runs/RunsPanel.h"
#include "settings/ConfigSettings.h"
#include "settings/SettingsDialog.h"
#include "shell/ConsolePanels.h"
#include "shell/LanguageSwitcher.h"
#include "shell/MainWindow.h"
#include "stack/LocalServiceStack.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <chrono>

using namespace necrocode;
using namespace std::chrono_literals;

namespace {

constexpr int kDemoTimeoutMs = 50000;
constexpr int kHealthTimeoutMs = 5000;
constexpr auto kHealthCheckInterval = 200ms;
const QString kLocal = QStringLiteral("local");
const QString kLlm = QStringLiteral("llm");

struct DemoTask
{
    const char *id;
    RunOutcome outcome;
};

// The demo task set: four tasks that complete, two that fail on purpose.
constexpr DemoTask kDemoTasks[] = {{"1.1", RunOutcome::Completed}, {"1.2", RunOutcome::Completed},
                                   {"2.1", RunOutcome::Completed}, {"3.1", RunOutcome::Completed},
                                   {"4.1", RunOutcome::Failed},    {"4.2", RunOutcome::Failed}};

bool isFinal(RunOutcome outcome)
{
    return outcome == RunOutcome::Completed || outcome == RunOutcome::Failed ||
           outcome == RunOutcome::Cancelled;
}

// Sends a request to a local service's /admin/faults and returns the HTTP status.
int sendFaults(const QUrl &serviceUrl, const QByteArray &verb, const QJsonObject &faults = {})
{
    QUrl url = serviceUrl;
    url.setPath(QStringLiteral("/admin/faults"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkAccessManager network;
    QNetworkReply *reply = network.sendCustomRequest(request, verb, QJsonDocument(faults).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(kHealthTimeoutMs))
        return -1;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

} // namespace

class TestConsoleEngineDemo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runsTheDemoEndToEnd();
    void aFailedRunSaysWhyAndCanBeRetried();
    void thePlaygroundStreamsAndLogsAsItsOwnCaller();
    void showsTheLlmDownWhileItFailsAndUpAgain();
    void newLlmSettingsReachTheHealthChecks();
    void settingsWithoutChangesKeepTheEmbeddedServices();
    void aNewRegistryUrlMovesHealthChecksAndTaskIntake();
    void anUnreachableRegistryBacksOffAndCanBeStopped();
    void attachesAndDetachesAWorkerButNotItself();
    void cleanupTestCase();

private:
    ServiceState healthOf(const QString &service) const;
    QString healthTextOf(const QString &service) const;

    std::unique_ptr<LanguageSwitcher> m_languages;
    std::unique_ptr<EngineBackend> m_backend;
    QString m_ownHealthUrl;
    std::unique_ptr<MainWindow> m_window;
    ConsolePanels *m_panels = nullptr;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_modelTesters;
};

void TestConsoleEngineDemo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("NecroCodeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_console_engine_demo"));
    QSettings().clear();
    m_languages = std::make_unique<LanguageSwitcher>();
    QVERIFY(m_languages->setLanguage(QStringLiteral("en")));

    RunnerConfig config;
    config.runnerId = QStringLiteral("console-test");
    config.maxParallelRunners = 2;
    config.healthPort = 0; // any free port for the console's health server
    config.retry.initialDelaySeconds = 0.05;
    m_backend = std::make_unique<EngineBackend>(config);
    m_backend->setHealthCheckInterval(kHealthCheckInterval);
    QCOMPARE(m_backend->healthCheckInterval(), kHealthCheckInterval);

    m_window = std::make_unique<MainWindow>(m_backend.get(), m_languages.get(),
                                            ApiKeyStore::Mode::SessionOnly);
    m_panels = m_window->findChild<ConsolePanels *>();
    QVERIFY(m_panels);
    for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
             m_panels->runsModel(), m_panels->llmCallsModel(), m_panels->healthModel(),
             m_window->logModel()})
        m_modelTesters.push_back(std::make_unique<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    QSignalSpy ready(m_backend.get(), &ConsoleBackend::ready);
    connect(m_backend.get(), &ConsoleBackend::healthServerChanged, this,
            [this](const QString &description, bool listening) {
                if (listening)
                    m_ownHealthUrl = description;
            });
    m_backend->start();
    QVERIFY(ready.wait(30000));
    QVERIFY(!m_ownHealthUrl.isEmpty());
}

ServiceState TestConsoleEngineDemo::healthOf(const QString &service) const
{
    const HealthModel *health = m_panels->healthModel();
    const int row = health->rowOf(kLocal, service);
    return row < 0 ? ServiceState::Unknown : health->health(row).state;
}

QString TestConsoleEngineDemo::healthTextOf(const QString &service) const
{
    const HealthModel *health = m_panels->healthModel();
    return health->index(health->rowOf(kLocal, service), HealthModel::StateColumn)
        .data()
        .toString();
}

void TestConsoleEngineDemo::runsTheDemoEndToEnd()
{
    QSignalSpy notices(m_backend.get(), &ConsoleBackend::notice);
    auto *runDemo = m_window->findChild<QAction *>(QStringLiteral("actionRunDemo"));
    QVERIFY(runDemo && runDemo->isEnabled());
    runDemo->trigger();

    // The engine says when nothing is left to do; by then every run has its final state.
    const auto finished = [&notices] {
        for (const QList<QVariant> &notice : std::as_const(notices)) {
            if (!notice.at(1).toBool())
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finished(), kDemoTimeoutMs);
    for (const QList<QVariant> &notice : std::as_const(notices))
        QVERIFY2(!notice.at(1).toBool(), qPrintable(notice.at(0).toString()));

    RunsModel *runs = m_panels->runsModel();
    QTRY_COMPARE(runs->rowCount(), int(std::size(kDemoTasks)));
    for (const DemoTask &task : kDemoTasks) {
        int found = -1;
        for (int row = 0; row < runs->rowCount(); ++row) {
            if (runs->run(row).taskId == QLatin1String(task.id))
                found = row;
        }
        QVERIFY2(found >= 0, task.id);
        QTRY_VERIFY2(isFinal(runs->run(found).outcome), task.id);
        QCOMPARE(RunOutcome(runs->index(found, 0).data(RunsModel::OutcomeRole).toInt()),
                 task.outcome);
        QCOMPARE(runs->index(found, RunsModel::StateColumn).data().toString(),
                 RunsModel::outcomeText(task.outcome));
    }
    QCOMPARE(runs->counts().completed, 4);
    QCOMPARE(runs->counts().failed, 2);

    // Log entries from every runner that ran a task, and both runners of the pool ran some.
    QSet<QString> runners;
    int llmCalls = 0;
    for (int row = 0; row < runs->rowCount(); ++row) {
        runners.insert(runs->index(row, 0).data(RunsModel::RunnerIdRole).toString());
        llmCalls += runs->run(row).llmCalls;
    }
    QCOMPARE(runners.size(), 2);
    const LogTableModel *log = m_window->logModel();
    const auto entriesOf = [log](const QString &runner) {
        int count = 0;
        for (qsizetype row = 0; row < log->totalRowCount(); ++row)
            count += log->store().runnerId(row) == runner ? 1 : 0;
        return count;
    };
    for (const QString &runner : std::as_const(runners))
        QTRY_VERIFY2(entriesOf(runner) > 0, qPrintable(runner));

    // One chart point per LLM call: every task asked the model at least once.
    QVERIFY(llmCalls >= int(std::size(kDemoTasks)));
    QTRY_COMPARE(m_panels->llmCallsModel()->rowCount(), llmCalls);
    ChartsPanel *charts = m_panels->chartsPanel();
    for (ChartsPanel::Series series :
         {ChartsPanel::Series::PromptTokens, ChartsPanel::Series::CompletionTokens,
          ChartsPanel::Series::Latency}) {
        QCOMPARE(charts->seriesData(series).size(), llmCalls);
        QTRY_COMPARE(charts->drawnPointCount(series), llmCalls);
    }

    // The four services are UP, in the health panel's table.
    QCOMPARE(m_panels->healthPanel()->view()->model(), m_panels->healthModel());
    for (const QString &service : ConsoleBackend::serviceNames()) {
        QTRY_COMPARE_WITH_TIMEOUT(healthOf(service), ServiceState::Up, kHealthTimeoutMs);
        QCOMPARE(healthTextOf(service), HealthModel::stateText(ServiceState::Up));
    }
}

void TestConsoleEngineDemo::aFailedRunSaysWhyAndCanBeRetried()
{
    RunsModel *runs = m_panels->runsModel();
    int failedRow = -1;
    for (int row = 0; row < runs->rowCount(); ++row)
        if (runs->run(row).taskId == QLatin1String("4.1"))
            failedRow = row;
    QVERIFY(failedRow >= 0);
    // The phase it failed in, and the test's own words in the error's tooltip.
    QCOMPARE(runs->index(failedRow, RunsModel::PhaseColumn).data().toString(),
             QStringLiteral("Failed in Test execution"));
    const QString tooltip =
        runs->index(failedRow, RunsModel::ErrorColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tooltip.contains(QStringLiteral("Test output (last lines):")) &&
                 tooltip.contains(QStringLiteral("FAILED")),
             qPrintable(tooltip));
    QVERIFY2(tooltip.contains(QStringLiteral("Test results: http://")), qPrintable(tooltip));

    // The run's detail: the task, its phases, the output, the artifacts as links, its LLM call.
    m_panels->showRunDetail(failedRow);
    auto *detail = m_window->findChild<RunDetailDialog *>();
    QVERIFY(detail);
    const QString html = detail->findChild<QTextBrowser *>()->toHtml();
    for (const char *expected : {"Add exponentiation", "Test execution", "FAILED", "test_results",
                                 "href=\"http://", "necrocode-scripted-offline"})
        QVERIFY2(html.contains(QLatin1String(expected)), expected);
    detail->close();

    // Retry puts the task back to ready in the registry, says who did, and runs it again.
    const int before = runs->rowCount();
    const QString runId = runs->run(failedRow).runId;
    m_panels->runsPanel()->view()->selectRow(failedRow);
    auto *retry = m_window->findChild<QPushButton *>(QStringLiteral("retryRun"));
    QVERIFY(retry && retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(runs->rowCount(), before + 1, 10000);
    const RunSnapshot again = runs->run(runs->rowCount() - 1);
    QCOMPARE(again.taskId, QStringLiteral("4.1"));
    QTRY_VERIFY_WITH_TIMEOUT(isFinal(runs->run(runs->rowCount() - 1).outcome), kDemoTimeoutMs);
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(
        QUrl(m_backend->serviceAddresses().value(QStringLiteral("task_registry")).url +
             QStringLiteral("/specs/%1/tasks/4.1/events").arg(DemoSeeder::specName()))));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || done.wait(5000));
    const QByteArray events = reply->readAll();
    reply->deleteLater();
    QVERIFY2(events.contains("TaskReady") && events.contains("retried_by") &&
                 events.contains(runId.toUtf8()),
             events.constData());
}

void TestConsoleEngineDemo::showsTheLlmDownWhileItFailsAndUpAgain()
{
    const QUrl llm(m_backend->serviceAddresses().value(kLlm).url);
    QVERIFY(llm.isValid() && !llm.isEmpty());
    QCOMPARE(healthOf(kLlm), ServiceState::Up);

    QCOMPARE(
        sendFaults(llm, "PUT",
                   {{QStringLiteral("error_rate"), 1.0}, {QStringLiteral("error_status"), 503}}),
        200);
    QTRY_COMPARE_WITH_TIMEOUT(healthOf(kLlm), ServiceState::Down, kHealthTimeoutMs);
    QCOMPARE(healthTextOf(kLlm), HealthModel::stateText(ServiceState::Down));
    const QModelIndex llmState = m_panels->healthModel()->index(
        m_panels->healthModel()->rowOf(kLocal, kLlm), HealthModel::StateColumn);
    QCOMPARE(llmState.data(HealthModel::StateColorRole).value<QColor>(),
             HealthModel::stateColor(ServiceState::Down));
    for (const QString &service : ConsoleBackend::serviceNames()) {
        if (service != kLlm)
            QCOMPARE(healthOf(service), ServiceState::Up);
    }

    QCOMPARE(sendFaults(llm, "DELETE"), 200);
    QTRY_COMPARE_WITH_TIMEOUT(healthOf(kLlm), ServiceState::Up, kHealthTimeoutMs);
    QCOMPARE(healthTextOf(kLlm), HealthModel::stateText(ServiceState::Up));
}

void TestConsoleEngineDemo::newLlmSettingsReachTheHealthChecks()
{
    const RunnerConfig original = m_backend->config();
    QCOMPARE(healthOf(kLlm), ServiceState::Up);
    RunnerConfig moved = original;
    moved.llm.baseUrl = QStringLiteral("http://127.0.0.1:9/v1"); // nothing listens there
    m_backend->applyConfig(moved);
    QTRY_COMPARE_WITH_TIMEOUT(healthOf(kLlm), ServiceState::Down, kHealthTimeoutMs);
    m_backend->applyConfig(original);
    QTRY_COMPARE_WITH_TIMEOUT(healthOf(kLlm), ServiceState::Up, kHealthTimeoutMs);
}

void TestConsoleEngineDemo::settingsWithoutChangesKeepTheEmbeddedServices()
{
    auto *settingsAction = m_window->findChild<QAction *>(QStringLiteral("actionSettings"));
    QVERIFY(settingsAction);
    settingsAction->trigger();
    auto *dialog = m_window->findChild<SettingsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->accept();

    // Nothing of this session's random ports is kept: an empty URL means the embedded service.
    QSettings settings;
    for (const char *key :
         {"task_registry.url", "repo_pool.url", "artifact_store.url", "llm.base_url"}) {
        const QString stored =
            settings.value(QStringLiteral("config/") + QLatin1String(key)).toString();
        QVERIFY2(stored.isEmpty(), qPrintable(QLatin1String(key) + QStringLiteral(" = ") + stored));
    }
    const RunnerConfig relaunched = ConfigSettings(settings).load(RunnerConfig{});
    QVERIFY(relaunched.taskRegistry.url.isEmpty() && relaunched.llm.baseUrl.isEmpty());
    QVERIFY(m_backend->config().taskRegistry.url.isEmpty());
    const HealthModel *health = m_panels->healthModel();
    QCOMPARE(health
                 ->index(health->rowOf(kLocal, QStringLiteral("task_registry")),
                         HealthModel::SourceColumn)
                 .data()
                 .toString(),
             QStringLiteral("Embedded"));
    for (const QString &service : ConsoleBackend::serviceNames())
        QTRY_COMPARE_WITH_TIMEOUT(healthOf(service), ServiceState::Up, kHealthTimeoutMs);
}

void TestConsoleEngineDemo::aNewRegistryUrlMovesHealthChecksAndTaskIntake()
{
    // A second registry (with the demo task set, all ready) on another port.
    QTemporaryDir dir;
    ServiceStackConfig other;
    other.dataDirectory = dir.filePath(QStringLiteral("other"));
    other.demo = true;
    LocalServiceStack stack(other);
    const auto urls = stack.start();
    QVERIFY2(urls, qPrintable(urls.errorMessage()));
    const QString otherRegistry = urls->taskRegistry.toString();

    const RunnerConfig original = m_backend->config();
    RunnerConfig moved = original;
    moved.taskRegistry.url = otherRegistry;
    m_backend->applyConfig(moved);
    const HealthModel *health = m_panels->healthModel();
    const QModelIndex registryRow =
        health->index(health->rowOf(kLocal, QStringLiteral("task_registry")), 0);
    QTRY_VERIFY(registryRow.data(Qt::ToolTipRole).toString().contains(otherRegistry));
    QCOMPARE(registryRow.data().toString(),
             QStringLiteral("127.0.0.1:%1").arg(urls->taskRegistry.port()));

    // Run demo takes its tasks from the new registry, without a restart.
    const int runsBefore = m_panels->runsModel()->rowCount();
    m_backend->runDemo();
    QNetworkAccessManager network;
    const auto stateOf = [&](const QString &id) {
        QNetworkReply *reply = network.get(QNetworkRequest(QUrl(
            otherRegistry + QStringLiteral("/specs/%1/tasks/%2").arg(DemoSeeder::specName(), id))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(5000);
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object().value(u"state").toString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(stateOf(QStringLiteral("1.1")) != QLatin1String("ready"), 20000);
    m_backend->stopTakingTasks();
    RunsModel *runs = m_panels->runsModel();
    const auto allFinal = [runs] {
        for (int row = 0; row < runs->rowCount(); ++row)
            if (!isFinal(runs->run(row).outcome))
                return false;
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(runs->rowCount() > runsBefore && allFinal(), kDemoTimeoutMs);
    m_backend->applyConfig(original);
    QTRY_COMPARE(registryRow.data().toString(), QStringLiteral("Embedded"));
    stack.stop();
}

void TestConsoleEngineDemo::anUnreachableRegistryBacksOffAndCanBeStopped()
{
    const RunnerConfig original = m_backend->config();
    RunnerConfig dead = original;
    dead.taskRegistry.url = QStringLiteral("http://127.0.0.1:9"); // nothing listens there
    m_backend->applyConfig(dead);
    const LogTableModel *log = m_window->logModel();
    const qsizetype before = log->totalRowCount();
    QSignalSpy notices(m_backend.get(), &ConsoleBackend::notice);
    m_backend->runDemo();

    auto *intake = m_window->findChild<QLabel *>(QStringLiteral("taskIntake"));
    auto *stop = m_window->findChild<QPushButton *>(QStringLiteral("stopTakingTasks"));
    QVERIFY(intake && stop);
    QTRY_VERIFY2_WITH_TIMEOUT(
        intake->text().startsWith(QStringLiteral("Waiting for the task registry")),
        qPrintable(intake->text() + QStringLiteral(" | running ") +
                   QString::number(m_panels->runsModel()->counts().running)),
        5000);
    QVERIFY(intake->isVisible() && stop->isVisible() && stop->isEnabled());
    QTest::qWait(8000);
    int problems = 0;
    int cannotTake = 0;
    const LogStore &store = log->store();
    for (qsizetype row = before; row < store.size(); ++row) {
        if (store.level(row) >= LogLevel::Warning)
            ++problems;
        if (store.message(row).startsWith(QStringLiteral("cannot take tasks")))
            ++cannotTake;
    }
    qInfo("8 s against an unreachable registry: %d warning/error entries", problems);
    QCOMPARE(cannotTake, 1);
    QVERIFY2(problems <= 15, qPrintable(QString::number(problems)));
    QCOMPARE(notices.size(), 1); // told once, not on every attempt

    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_VERIFY(!intake->isVisible());
    const qsizetype stoppedAt = store.size();
    QTest::qWait(3000);
    for (qsizetype row = stoppedAt; row < store.size(); ++row)
        QVERIFY2(store.level(row) < LogLevel::Warning, qPrintable(store.message(row)));
    m_backend->applyConfig(original);
}

void TestConsoleEngineDemo::thePlaygroundStreamsAndLogsAsItsOwnCaller()
{
    // A call of the demo, edited in the playground and sent again with streaming on.
    const LlmCallsModel *calls = m_panels->llmCallsModel();
    QVERIFY(calls->rowCount() > 0);
    const LlmExchange original = calls->exchange(0);
    PromptPlayground *playground = m_panels->promptPlayground();
    playground->load(original);
    playground->findChild<QCheckBox *>(QStringLiteral("stream"))->setChecked(true);

    QStringList order;
    QString lastPartial;
    const auto partials = connect(m_backend.get(), &ConsoleBackend::playgroundPartial, this,
                                  [&](const QString &, const QString &text) {
                                      order.append(QStringLiteral("partial"));
                                      lastPartial = text;
                                      // What the pane shows while the answer still arrives.
                                      QCOMPARE(playground->newAnswer()->answerText(), text);
                                  });
    const auto answers = connect(m_backend.get(), &ConsoleBackend::playgroundAnswered, this,
                                 [&] { order.append(QStringLiteral("answer")); });
    const int rowsBefore = m_window->logModel()->totalRowCount();
    const int callsBefore = calls->rowCount();
    playground->send();
    QTRY_VERIFY_WITH_TIMEOUT(!playground->isBusy(), 20000);
    disconnect(partials);
    disconnect(answers);
    QVERIFY2(order.size() >= 2 && order.front() == QLatin1String("partial") &&
                 order.back() == QLatin1String("answer"),
             qPrintable(order.join(u',')));
    const QString answer = playground->newAnswer()->answerText();
    QVERIFY(!answer.isEmpty());
    QVERIFY(answer.startsWith(lastPartial));
    QCOMPARE(calls->rowCount(), callsBefore); // not a call of any run

    // Logged as the playground's call of the original call's task, not as a runner's.
    LogTableModel *log = m_window->logModel();
    const LogStore &store = log->store();
    const auto isPlaygroundEntry = [](const LogEntry &entry) {
        return entry.message.startsWith(QLatin1String("LLM re")) ||
               entry.message.contains(u"playground");
    };
    // Other entries (health probes, runners) may arrive in between: wait for the playground's.
    const auto countPlaygroundEntries = [&] {
        int count = 0;
        for (qsizetype row = rowsBefore; row < store.size(); ++row)
            count += isPlaygroundEntry(store.entry(row)) ? 1 : 0;
        return count;
    };
    QTRY_VERIFY_WITH_TIMEOUT(countPlaygroundEntries() >= 3, 5000);
    int playgroundEntries = 0;
    for (qsizetype row = rowsBefore; row < store.size(); ++row) {
        const LogEntry entry = store.entry(row);
        if (isPlaygroundEntry(entry)) {
            QCOMPARE(entry.runnerId, PromptChannel::kRunnerId);
            QCOMPARE(entry.taskId, original.taskId);
            QCOMPARE(entry.specName, original.specName);
            ++playgroundEntries;
        }
    }
    QVERIFY2(playgroundEntries >= 3, qPrintable(QString::number(playgroundEntries)));
}

void TestConsoleEngineDemo::attachesAndDetachesAWorkerButNotItself()
{
    // A stand-in worker: a health server with a log stream and one service UP.
    auto hub = std::make_shared<LogHub>();
    hub->post(LogEntry::now(LogLevel::Info, QStringLiteral("worker"),
                            QStringLiteral("hello from the worker")));
    HealthServerProviders providers;
    providers.status = [] {
        HealthStatus status;
        status.updateServiceStatus(QStringLiteral("llm"), true, 0.01);
        return status;
    };
    providers.logs = hub;
    HealthServer worker(providers);
    const auto port = worker.listen();
    QVERIFY(port.ok());
    const QString label = QStringLiteral("127.0.0.1:%1").arg(port.value());
    const HealthModel *health = m_panels->healthModel();
    auto *detachMenu = m_window->findChild<QMenu *>(QStringLiteral("menuDetachWorker"));
    QVERIFY(detachMenu);

    // Typed with a trailing slash, as users do.
    m_backend->attach(QUrl(QStringLiteral("http://") + label + u'/'));
    QCOMPARE(m_backend->attachedWorkers(), QStringList{label});
    QTRY_VERIFY_WITH_TIMEOUT(health->rowOf(label, QStringLiteral("worker")) >= 0, kHealthTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(health->rowOf(label, kLlm) >= 0 &&
                                 health->health(health->rowOf(label, kLlm)).state ==
                                     ServiceState::Up,
                             kHealthTimeoutMs);
    QVERIFY(detachMenu->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->logModel()->totalRowCount() > 0 &&
            [&] {
                const LogStore &store = m_window->logModel()->store();
                for (qsizetype row = store.size() - 1; row >= 0; --row)
                    if (store.message(row) == QLatin1String("hello from the worker"))
                        return true;
                return false;
            }(),
        kHealthTimeoutMs);

    QSignalSpy detached(m_backend.get(), &ConsoleBackend::workerDetached);
    QSignalSpy detachNotices(m_backend.get(), &ConsoleBackend::notice);
    m_backend->detach(label);
    QCOMPARE(detached.size(), 1);
    // Detaching is no error: the only word is that it happened.
    QCOMPARE(detachNotices.size(), 1);
    QCOMPARE(detachNotices.first().at(1).toBool(), false);
    QVERIFY(m_backend->attachedWorkers().isEmpty());
    QCOMPARE(health->rowOf(label, QStringLiteral("worker")), -1);
    QCOMPARE(health->rowOf(label, kLlm), -1);
    QVERIFY(health->rowOf(kLocal, kLlm) >= 0);
    QVERIFY(!detachMenu->isEnabled());

    // The console's own health server is refused: following it would loop its log into itself.
    QSignalSpy notices(m_backend.get(), &ConsoleBackend::notice);
    m_backend->attach(QUrl(m_ownHealthUrl));
    QVERIFY(m_backend->attachedWorkers().isEmpty());
    QCOMPARE(notices.size(), 1);
    QVERIFY2(notices.first().at(0).toString().contains(QStringLiteral("own health server")),
             qPrintable(notices.first().at(0).toString()));
}

void TestConsoleEngineDemo::cleanupTestCase()
{
    m_modelTesters.clear();
    m_window.reset();
    m_backend.reset();
}

QTEST_MAIN(TestConsoleEngineDemo)
#include "test_console_engine_demo.moc"
