// GitWorkspace against temporary bare repositories: branch preparation, diff with new files,
// commit and push, git's stderr in errors, no credential prompt, the token kept out of sight.
#include "WorkspaceTestSupport.h"
#include "log/LogDispatcher.h"
#include "workspace/GitWorkspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

const QString kBranch = QStringLiteral("feature/task-chat-app-1.1");
const QString kToken = QStringLiteral("ghp_necroTestToken0123456789abcdef");

// A loopback HTTP server that either answers every request with 401 (recording the
// Authorization headers it was sent) or never answers at all.
class StubGitHttpServer
{
public:
    explicit StubGitHttpServer(bool answer) : m_answer(answer)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                m_sockets.append(socket);
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { onReadyRead(socket); });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1/repo.git").arg(m_server.serverPort());
    }
    const QByteArrayList &authorizations() const { return m_authorizations; }

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &request = m_requests[socket];
        request += socket->readAll();
        if (!request.contains("\r\n\r\n") || !m_answer)
            return;
        for (const QByteArray &line : request.split('\n'))
            if (line.toLower().startsWith("authorization:"))
                m_authorizations.append(line.mid(14).trimmed());
        socket->write("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"necro\"\r\n"
                      "Content-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    bool m_answer;
    QTcpServer m_server;
    QList<QTcpSocket *> m_sockets;
    QHash<QTcpSocket *, QByteArray> m_requests;
    QByteArrayList m_authorizations;
};

} // namespace

class TestGitWorkspace : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<RecordingSink> m_sink;
    std::shared_ptr<LogDispatcher> m_dispatcher;
    QString m_origin;
    QString m_seed;
    QString m_work;

    QString seedGit(const QStringList &arguments) const
    {
        return runSetup(m_seed, QStringLiteral("git"), arguments);
    }
    QString workGit(const QStringList &arguments) const
    {
        return runSetup(m_work, QStringLiteral("git"), arguments);
    }
    void seedCommit(const QString &file, const QByteArray &content)
    {
        writeTextFile(QDir(m_seed).filePath(file), content);
        seedGit({QStringLiteral("add"), QStringLiteral("--all")});
        seedGit({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                 QStringLiteral("seed ") + file});
    }

    GitOptions fastOptions() const
    {
        GitOptions options;
        options.retryDelayMs = 50;
        options.commandTimeoutMs = 20000;
        return options;
    }

    std::unique_ptr<GitWorkspace> workspace(GitOptions options) const
    {
        return std::make_unique<GitWorkspace>(
            m_work, std::move(options),
            Logger(m_dispatcher, QStringLiteral("necrocode.runner.git")));
    }

    template <typename T, typename Start> static std::optional<T> await(Start start)
    {
        std::optional<T> result;
        start([&result](T value) { result = std::move(value); });
        waitFor(result);
        return result;
    }

    static std::optional<Result<PreparedBranch>> prepare(GitWorkspace &git, const QString &base,
                                                         const QString &branch)
    {
        return await<Result<PreparedBranch>>(
            [&](auto done) { git.prepareBranch(base, branch, done); });
    }

    // Every command and message that reached the log, with its extra fields.
    QString loggedText() const
    {
        QString text;
        for (const LogEntry &entry : m_sink->entries())
            text += entry.message + QLatin1Char(' ') +
                    QString::fromUtf8(QJsonDocument(entry.extra).toJson()) + QLatin1Char('\n');
        return text;
    }
    QStringList loggedOperations() const
    {
        QStringList operations;
        for (const LogEntry &entry : m_sink->entries())
            operations.append(entry.extra.value(QStringLiteral("operation")).toString());
        return operations;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No configuration of the machine or of the user may change what git does here.
        static QTemporaryDir home;
        writeTextFile(home.filePath(QStringLiteral("gitconfig")), "");
        qputenv("GIT_CONFIG_GLOBAL", home.filePath(QStringLiteral("gitconfig")).toUtf8());
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
        qputenv("GIT_AUTHOR_NAME", "Seed");
        qputenv("GIT_AUTHOR_EMAIL", "seed@example.invalid");
        qputenv("GIT_COMMITTER_NAME", "Seed");
        qputenv("GIT_COMMITTER_EMAIL", "seed@example.invalid");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_origin = m_dir->filePath(QStringLiteral("origin.git"));
        m_seed = m_dir->filePath(QStringLiteral("seed"));
        m_work = m_dir->filePath(QStringLiteral("work"));
        runSetup(m_dir->path(), QStringLiteral("git"),
                 {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
                  QStringLiteral("--initial-branch=main"), m_origin});
        runSetup(m_dir->path(), QStringLiteral("git"),
                 {QStringLiteral("clone"), QStringLiteral("-q"), m_origin, m_seed});
        seedGit({QStringLiteral("switch"), QStringLiteral("-q"), QStringLiteral("-c"),
                 QStringLiteral("main")});
        seedCommit(QStringLiteral("README.md"), "line one\nline two\n");
        seedGit({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                 QStringLiteral("main")});
        runSetup(m_dir->path(), QStringLiteral("git"),
                 {QStringLiteral("clone"), QStringLiteral("-q"), m_origin, m_work});

        m_sink = std::make_shared<RecordingSink>();
        m_dispatcher = std::make_shared<LogDispatcher>(LogLevel::Debug);
        m_dispatcher->addSink(m_sink);
    }

    void prepareBranchCreatesThenReusesTheBranch()
    {
        auto git = workspace(fastOptions());
        const auto first = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(first);
        QVERIFY2(first->ok(), qPrintable(first->errorMessage()));
        QCOMPARE(first->value().branchName, kBranch);
        QVERIFY(!first->value().reused);
        QVERIFY(first->value().rebased);
        QCOMPARE(first->value().headCommit,
                 seedGit({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
        QCOMPARE(workGit({QStringLiteral("branch"), QStringLiteral("--show-current")}), kBranch);

        const auto second = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(second && second->ok());
        QVERIFY(second->value().reused);
        QCOMPARE(workGit({QStringLiteral("branch"), QStringLiteral("--show-current")}), kBranch);
    }

    void prepareBranchRebasesOntoTheRemoteBase()
    {
        seedCommit(QStringLiteral("later.txt"), "pushed after the clone\n");
        seedGit({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                 QStringLiteral("main")});
        auto git = workspace(fastOptions());
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && prepared->ok());
        QCOMPARE(prepared->value().headCommit,
                 seedGit({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
        QVERIFY(QFile::exists(QDir(m_work).filePath(QStringLiteral("later.txt"))));
    }

    void aConflictingRebaseIsAbortedAndReported()
    {
        seedCommit(QStringLiteral("README.md"), "line one\nchanged on the remote\n");
        seedGit({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                 QStringLiteral("main")});
        writeTextFile(QDir(m_work).filePath(QStringLiteral("README.md")),
                      "line one\nchanged in the slot\n");
        workGit({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-am"),
                 QStringLiteral("local change")});
        const QString localHead = workGit({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        auto git = workspace(fastOptions());
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && !prepared->ok());
        QVERIFY2(prepared->errorMessage().contains(QStringLiteral("git rebase")),
                 qPrintable(prepared->errorMessage()));
        QVERIFY2(prepared->errorMessage().contains(QStringLiteral("CONFLICT")),
                 qPrintable(prepared->errorMessage()));
        QVERIFY(!QDir(QDir(m_work).filePath(QStringLiteral(".git/rebase-merge"))).exists());
        QVERIFY(!QDir(QDir(m_work).filePath(QStringLiteral(".git/rebase-apply"))).exists());
        QCOMPARE(workGit({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), localHead);
    }

    void prepareBranchReusesABranchThatExistsOnlyOnTheRemote()
    {
        seedGit({QStringLiteral("switch"), QStringLiteral("-q"), QStringLiteral("-c"), kBranch});
        seedCommit(QStringLiteral("earlier-attempt.txt"), "from an earlier run\n");
        seedGit({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), kBranch});
        auto git = workspace(fastOptions());
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && prepared->ok());
        QVERIFY(prepared->value().reused);
        QCOMPARE(prepared->value().headCommit,
                 seedGit({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
    }

    void aBranchBelowTheTaskBranchsNameIsNotTakenForIt()
    {
        // origin/<task branch>/old exists, origin/<task branch> does not: a new branch.
        seedGit({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                 QStringLiteral("main:refs/heads/") + kBranch + QStringLiteral("/old")});
        auto git = workspace(fastOptions());
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared);
        QVERIFY2(prepared->ok(), qPrintable(prepared->errorMessage()));
        QVERIFY(!prepared->value().reused);
        QCOMPARE(workGit({QStringLiteral("branch"), QStringLiteral("--show-current")}), kBranch);
    }

    void theRefsAreReadInOneCommand()
    {
        auto git = workspace(fastOptions());
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && prepared->ok());
        QStringList commands;
        for (const LogEntry &entry : m_sink->entries())
            if (entry.extra.contains(QStringLiteral("command")))
                commands.append(entry.extra.value(QStringLiteral("operation")).toString());
        QCOMPARE(commands,
                 (QStringList{QStringLiteral("git_fetch"), QStringLiteral("git_switch"),
                              QStringLiteral("git_for-each-ref"), QStringLiteral("git_rebase"),
                              QStringLiteral("git_switch"), QStringLiteral("git_rev-parse")}));
    }

    void aRetriedTaskStartsFromTheBaseAndReplacesOnlyTheBranchItSaw()
    {
        // What a lost earlier attempt pushed to the task branch.
        seedGit({QStringLiteral("switch"), QStringLiteral("-q"), QStringLiteral("-c"), kBranch});
        seedCommit(QStringLiteral("earlier-attempt.txt"), "from a lost attempt\n");
        seedGit({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), kBranch});
        const QString base =
            runSetup(m_origin, QStringLiteral("git"),
                     {QStringLiteral("rev-parse"), QStringLiteral("refs/heads/main")});
        auto git = workspace(fastOptions());
        const auto prepared = await<Result<PreparedBranch>>(
            [&](auto done) { git->prepareBranch(QStringLiteral("main"), kBranch, done, true); });
        QVERIFY(prepared && prepared->ok());
        QVERIFY(!prepared->value().reused);
        QCOMPARE(prepared->value().headCommit, base);
        QVERIFY(!QFile::exists(QDir(m_work).filePath(QStringLiteral("earlier-attempt.txt"))));

        writeTextFile(QDir(m_work).filePath(QStringLiteral("retry.txt")), "this attempt\n");
        const auto committed = await<Result<QString>>(
            [&](auto done) { git->commit(QStringLiteral("retry [Task 1.1]"), done); });
        QVERIFY(committed && committed->ok());
        const auto pushed = await<PushResult>([&](auto done) { git->push(kBranch, done); });
        QVERIFY(pushed);
        QVERIFY2(pushed->success, qPrintable(pushed->error));
        QCOMPARE(runSetup(m_origin, QStringLiteral("git"),
                          {QStringLiteral("rev-parse"), QStringLiteral("refs/heads/") + kBranch}),
                 committed->value());

        // Had the branch moved since it was seen (someone else pushed), nothing is replaced.
        auto again = workspace(fastOptions());
        QVERIFY(await<Result<PreparedBranch>>([&](auto done) {
                    again->prepareBranch(QStringLiteral("main"), kBranch, done, true);
                })->ok());
        seedGit({QStringLiteral("fetch"), QStringLiteral("-q"), QStringLiteral("origin")});
        seedGit({QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"),
                 QStringLiteral("origin/") + kBranch});
        seedCommit(QStringLiteral("meanwhile.txt"), "pushed by someone else\n");
        seedGit({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), kBranch});
        const QString theirs =
            runSetup(m_origin, QStringLiteral("git"),
                     {QStringLiteral("rev-parse"), QStringLiteral("refs/heads/") + kBranch});
        writeTextFile(QDir(m_work).filePath(QStringLiteral("late.txt")), "late\n");
        QVERIFY(await<Result<QString>>([&](auto done) {
                    again->commit(QStringLiteral("late"), done);
                })->ok());
        const auto refused = await<PushResult>([&](auto done) { again->push(kBranch, done); });
        QVERIFY(refused);
        QVERIFY(!refused->success);
        QCOMPARE(runSetup(m_origin, QStringLiteral("git"),
                          {QStringLiteral("rev-parse"), QStringLiteral("refs/heads/") + kBranch}),
                 theirs);
    }

    void prepareBranchSkipsTheRebaseWithoutARemoteBase()
    {
        workGit({QStringLiteral("branch"), QStringLiteral("develop")});
        auto git = workspace(fastOptions());
        const auto prepared = prepare(*git, QStringLiteral("develop"), kBranch);
        QVERIFY2(prepared && prepared->ok(), qPrintable(prepared->errorMessage()));
        QVERIFY(!prepared->value().rebased);
        QVERIFY(!prepared->value().reused);
    }

    void prepareBranchRefusesABadBranchName()
    {
        auto git = workspace(fastOptions());
        const auto prepared = prepare(*git, QStringLiteral("main"), QStringLiteral("--force"));
        QVERIFY(prepared && !prepared->ok());
        QVERIFY(prepared->errorMessage().contains(QStringLiteral("not a valid branch name")));
        QVERIFY(!loggedOperations().contains(QStringLiteral("git_fetch")));
    }

    void diffIncludesNewFilesAndCountsLines()
    {
        writeTextFile(QDir(m_work).filePath(QStringLiteral("README.md")), "line one\nline 2\n");
        QDir(m_work).mkdir(QStringLiteral("src"));
        writeTextFile(QDir(m_work).filePath(QStringLiteral("src/new file.py")),
                      "a = 1\nb = 2\nc = 3\n");
        auto git = workspace(fastOptions());
        const auto diff = await<Result<WorkspaceDiff>>([&](auto done) { git->diff(done); });
        QVERIFY(diff);
        QVERIFY2(diff->ok(), qPrintable(diff->errorMessage()));
        QCOMPARE(diff->value().files, QStringList({"README.md", "src/new file.py"}));
        QCOMPARE(diff->value().linesAdded, 4);
        QCOMPARE(diff->value().linesRemoved, 1);
        QVERIFY(diff->value().text.contains(QStringLiteral("new file mode")));
        QVERIFY(diff->value().text.contains(QStringLiteral("+c = 3")));
        QVERIFY(diff->value().text.contains(QStringLiteral("-line two")));
    }

    void anEmptyChangeSetIsRefusedBeforeCommitting()
    {
        const QString head = workGit({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        auto git = workspace(fastOptions());
        const auto committed = await<Result<QString>>(
            [&](auto done) { git->commit(QStringLiteral("nothing"), done); });
        QVERIFY(committed && !committed->ok());
        QCOMPARE(committed->error().kind, QStringLiteral("empty_change_set"));
        QVERIFY(committed->errorMessage().contains(QStringLiteral("empty")));
        QVERIFY(!loggedOperations().contains(QStringLiteral("git_commit")));
        QCOMPARE(workGit({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), head);
    }

    void commitAndPushPutTheCommitOnTheOriginBranch()
    {
        auto git = workspace(fastOptions());
        QVERIFY(prepare(*git, QStringLiteral("main"), kBranch)->ok());
        writeTextFile(QDir(m_work).filePath(QStringLiteral("models.py")), "class User: pass\n");
        const auto committed = await<Result<QString>>([&](auto done) {
            git->commit(QStringLiteral("feat(chat-app): models [Task 1.1]"), done);
        });
        QVERIFY(committed);
        QVERIFY2(committed->ok(), qPrintable(committed->errorMessage()));
        QCOMPARE(committed->value().size(), 40);
        QCOMPARE(workGit({QStringLiteral("log"), QStringLiteral("-1"),
                          QStringLiteral("--format=%an <%ae>|%s")}),
                 QStringLiteral("NecroCode Runner <runner@necrocode.invalid>|"
                                "feat(chat-app): models [Task 1.1]"));

        const auto pushed = await<PushResult>([&](auto done) { git->push(kBranch, done); });
        QVERIFY(pushed);
        QVERIFY2(pushed->success, qPrintable(pushed->error));
        QCOMPARE(pushed->branchName, kBranch);
        QCOMPARE(pushed->commitHash, committed->value());
        QCOMPARE(pushed->retryCount, 0);
        QCOMPARE(runSetup(m_origin, QStringLiteral("git"),
                          {QStringLiteral("rev-parse"), QStringLiteral("refs/heads/") + kBranch}),
                 committed->value());

        const auto current = await<Result<QString>>([&](auto done) { git->currentCommit(done); });
        QVERIFY(current && current->ok());
        QCOMPARE(current->value(), committed->value());
    }

    void hooksAndSettingsOfTheWorkingCopyNeverRun()
    {
        const QString marker = m_dir->filePath(QStringLiteral("planted-ran"));
        const QByteArray script = "#!/bin/sh\necho \"$0\" >> " + marker.toUtf8() + "\nexit 0\n";
        for (const char *name : {"pre-commit", "commit-msg", "post-commit", "pre-push",
                                 "post-checkout", "reference-transaction", "pre-rebase"}) {
            const QString hook =
                QDir(m_work).filePath(QStringLiteral(".git/hooks/") + QLatin1String(name));
            writeTextFile(hook, script);
            QFile::setPermissions(hook, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        workGit({QStringLiteral("config"), QStringLiteral("core.fsmonitor"),
                 QStringLiteral("touch ") + marker});
        workGit({QStringLiteral("config"), QStringLiteral("core.pager"),
                 QStringLiteral("touch ") + marker});
        auto git = workspace(fastOptions());
        QVERIFY(prepare(*git, QStringLiteral("main"), kBranch)->ok());
        writeTextFile(QDir(m_work).filePath(QStringLiteral("x.txt")), "x\n");
        QVERIFY(await<Result<WorkspaceDiff>>([&](auto done) { git->diff(done); })->ok());
        const auto committed =
            await<Result<QString>>([&](auto done) { git->commit(QStringLiteral("x"), done); });
        QVERIFY(committed && committed->ok());
        const auto pushed = await<PushResult>([&](auto done) { git->push(kBranch, done); });
        QVERIFY(pushed && pushed->success);
        QVERIFY2(!QFile::exists(marker), qPrintable(QString::fromUtf8(readTextFile(marker))));
    }

    void theTokenNeverReachesALocalRemoteOrItsHooks()
    {
        const QString seen = m_dir->filePath(QStringLiteral("receive-env"));
        const QString hook = QDir(m_origin).filePath(QStringLiteral("hooks/pre-receive"));
        writeTextFile(hook, "#!/bin/sh\nenv > " + seen.toUtf8() + "\nexit 0\n");
        QFile::setPermissions(hook, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        GitOptions options = fastOptions();
        options.token = kToken;
        auto git = workspace(options);
        QVERIFY(prepare(*git, QStringLiteral("main"), kBranch)->ok());
        writeTextFile(QDir(m_work).filePath(QStringLiteral("y.txt")), "y\n");
        QVERIFY(await<Result<QString>>([&](auto done) {
                    git->commit(QStringLiteral("y"), done);
                })->ok());
        const auto pushed = await<PushResult>([&](auto done) { git->push(kBranch, done); });
        QVERIFY(pushed && pushed->success);
        const QByteArray environment = readTextFile(seen);
        QVERIFY(environment.contains("GIT_"));
        QVERIFY(!environment.contains(kToken.toUtf8()));
        QVERIFY(!environment.contains("NECROCODE_GIT_ASKPASS"));
    }

    void aPushRejectedByTheOriginKeepsGitsStderr()
    {
        const QString hook = QDir(m_origin).filePath(QStringLiteral("hooks/pre-receive"));
        writeTextFile(hook, "#!/bin/sh\necho 'necro-hook: pushes are closed today' >&2\nexit 1\n");
        QFile::setPermissions(hook, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        auto git = workspace(fastOptions());
        QVERIFY(prepare(*git, QStringLiteral("main"), kBranch)->ok());
        writeTextFile(QDir(m_work).filePath(QStringLiteral("x.txt")), "x\n");
        QVERIFY(await<Result<QString>>([&](auto done) {
                    git->commit(QStringLiteral("x"), done);
                })->ok());
        const auto pushed = await<PushResult>([&](auto done) { git->push(kBranch, done); });
        QVERIFY(pushed);
        QVERIFY(!pushed->success);
        QVERIFY2(pushed->error.contains(QStringLiteral("necro-hook: pushes are closed today")),
                 qPrintable(pushed->error));
        QVERIFY2(pushed->error.contains(QStringLiteral("pre-receive hook declined")),
                 qPrintable(pushed->error));
        QCOMPARE(pushed->retryCount, 0); // a rejection is final
        QCOMPARE(pushed->commitHash.size(), 40);
    }

    void aFetchFromAMissingOriginFailsWithStderrAfterItsRetries()
    {
        workGit({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                 m_dir->filePath(QStringLiteral("no-such-origin.git"))});
        GitOptions options = fastOptions();
        options.fetchAttempts = 2;
        auto git = workspace(options);
        QElapsedTimer clock;
        clock.start();
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && !prepared->ok());
        QCOMPARE(prepared->error().kind, QStringLiteral("git"));
        QVERIFY2(prepared->errorMessage().contains(
                     QStringLiteral("does not appear to be a git repository")),
                 qPrintable(prepared->errorMessage()));
        QVERIFY2(prepared->errorMessage().contains(QStringLiteral("after 2 attempts")),
                 qPrintable(prepared->errorMessage()));
        QVERIFY(clock.elapsed() < 10000);
        QVERIFY(loggedText().contains(QStringLiteral("git fetch failed, retrying")));
    }

    void anHttpsOriginNeverPromptsForCredentials()
    {
        StubGitHttpServer server(true);
        workGit({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                 server.url()});
        GitOptions options = fastOptions();
        options.fetchAttempts = 1;
        auto git = workspace(options);
        QElapsedTimer clock;
        clock.start();
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && !prepared->ok());
        QVERIFY2(prepared->errorMessage().contains(QStringLiteral("terminal prompts disabled")),
                 qPrintable(prepared->errorMessage()));
        QVERIFY(clock.elapsed() < 10000);
        QVERIFY(server.authorizations().isEmpty());
    }

    void theTokenReachesGitOnlyThroughTheAskPassHelper()
    {
        StubGitHttpServer server(true);
        workGit({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                 server.url()});
        GitOptions options = fastOptions();
        options.fetchAttempts = 2;
        options.token = kToken;
        auto git = workspace(options);
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && !prepared->ok());
        QVERIFY2(prepared->errorMessage().contains(QStringLiteral("Authentication failed")),
                 qPrintable(prepared->errorMessage()));
        QVERIFY(!server.authorizations().isEmpty());
        const QByteArray expected =
            "Basic " + QByteArray("x-access-token:" + kToken.toUtf8()).toBase64();
        QCOMPARE(server.authorizations().first(), expected);

        const QString logged = loggedText();
        QVERIFY(logged.contains(QStringLiteral("git fetch --prune origin")));
        QVERIFY(!logged.contains(kToken));
        QVERIFY(!prepared->errorMessage().contains(kToken));
    }

    void aHangingCommandIsStoppedByItsTimeout()
    {
        StubGitHttpServer silent(false);
        workGit({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                 silent.url()});
        GitOptions options = fastOptions();
        options.fetchAttempts = 1;
        options.commandTimeoutMs = 300;
        auto git = workspace(options);
        QElapsedTimer clock;
        clock.start();
        const auto prepared = prepare(*git, QStringLiteral("main"), kBranch);
        QVERIFY(prepared && !prepared->ok());
        QCOMPARE(prepared->error().kind, QStringLiteral("timeout"));
        QVERIFY(prepared->errorMessage().contains(QStringLiteral("timed out")));
        QVERIFY(clock.elapsed() < 5000);
    }

    void cancelStopsTheRunningOperation()
    {
        StubGitHttpServer silent(false);
        workGit({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                 silent.url()});
        auto git = workspace(fastOptions());
        std::optional<Result<PreparedBranch>> prepared;
        git->prepareBranch(QStringLiteral("main"), kBranch,
                           [&prepared](Result<PreparedBranch> r) { prepared = std::move(r); });
        QTest::qWait(200);
        QVERIFY(git->isBusy());
        git->cancel();
        QVERIFY(waitFor(prepared, 5000));
        QVERIFY(!prepared->ok());
        QCOMPARE(prepared->error().kind, QStringLiteral("cancelled"));
        QVERIFY(!git->isBusy());
    }

    void cancelDuringARetryDelayEndsTheOperation()
    {
        workGit({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                 m_dir->filePath(QStringLiteral("no-such-origin.git"))});
        GitOptions options = fastOptions();
        options.fetchAttempts = 5;
        options.retryDelayMs = 60000;
        auto git = workspace(options);
        std::optional<Result<PreparedBranch>> prepared;
        git->prepareBranch(QStringLiteral("main"), kBranch,
                           [&prepared](Result<PreparedBranch> r) { prepared = std::move(r); });
        QTRY_VERIFY(loggedText().contains(QStringLiteral("retrying")));
        git->cancel();
        QVERIFY(waitFor(prepared, 3000));
        QCOMPARE(prepared->error().kind, QStringLiteral("cancelled"));
    }

    void oneOperationAtATime()
    {
        auto git = workspace(fastOptions());
        std::optional<Result<WorkspaceDiff>> first;
        std::optional<Result<QString>> second;
        git->diff([&first](Result<WorkspaceDiff> r) { first = std::move(r); });
        git->currentCommit([&second](Result<QString> r) { second = std::move(r); });
        QVERIFY(waitFor(second));
        QCOMPARE(second->error().kind, QStringLiteral("busy"));
        QVERIFY(waitFor(first));
        QVERIFY(first->ok());
    }
};

QTEST_GUILESS_MAIN(TestGitWorkspace)
#include "test_git_workspace.moc"
