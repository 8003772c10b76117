// Sandbox with the real bubblewrap: hostile test code can write only in the workspace, cannot
// touch the repository's .git, sees no secret of the runner (environment, files), has no network
// and is held to its memory and file-size limits. Mode none is the only way out, and it shows.
#include "WorkspaceTestSupport.h"
#include "workspace/ProcessRunner.h"
#include "workspace/Sandbox.h"

#include <QDir>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

const char kSecret[] = "sk-sandbox-test-secret-0123456789abcdef";

} // namespace

class TestSandbox : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_workspace;
    QString m_outside;

    std::optional<ProcessOutcome> run(const QString &command, SandboxPolicy policy = {})
    {
        ProcessSpec spec = ProcessSpec::shell(command);
        spec.workingDirectory = m_workspace;
        auto confined = Sandbox::confine(std::move(spec), policy, m_workspace);
        if (!confined)
            qFatal("confine failed: %s", qPrintable(confined.errorMessage()));
        ProcessRunner runner;
        std::optional<ProcessOutcome> outcome;
        runner.start(std::move(confined).value(),
                     [&outcome](const ProcessOutcome &o) { outcome = o; });
        waitFor(outcome, 30000);
        return outcome;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString reason = Sandbox::unavailableReason(SandboxPolicy{});
        QVERIFY2(reason.isEmpty(), qPrintable(reason));
        QVERIFY(m_root.isValid());
        m_workspace = m_root.filePath(QStringLiteral("workspace"));
        m_outside = m_root.filePath(QStringLiteral("outside"));
        QVERIFY(QDir().mkpath(m_workspace));
        QVERIFY(QDir().mkpath(m_outside));
        runSetup(m_workspace, QStringLiteral("git"),
                 {QStringLiteral("init"), QStringLiteral("-q")});
        QFile secretFile(m_outside + QStringLiteral("/credentials"));
        QVERIFY(secretFile.open(QIODevice::WriteOnly));
        secretFile.write(kSecret);
        secretFile.close();
        qputenv("GIT_TOKEN", kSecret);
        qputenv("NECROCODE_SANDBOX_TEST_SECRET", kSecret);
    }

    void writesInsideTheWorkspace()
    {
        const auto outcome = run(QStringLiteral("echo made > result.txt && mkdir -p sub && "
                                                "echo deep > sub/x && echo tmp > /tmp/t && "
                                                "cat /tmp/t"));
        QVERIFY(outcome);
        QVERIFY2(outcome->succeeded(), qPrintable(outcome->output));
        QCOMPARE(outcome->output, QStringLiteral("tmp\n"));
        QVERIFY(QFile::exists(m_workspace + QStringLiteral("/result.txt")));
        QVERIFY(QFile::exists(m_workspace + QStringLiteral("/sub/x")));
    }

    void cannotWriteOutsideTheWorkspace()
    {
        const QString target = m_outside + QStringLiteral("/planted");
        const auto outcome = run(QStringLiteral("echo x > %1; echo x > ../planted; "
                                                "echo x > /usr/planted; echo x > $HOME/../planted; "
                                                "true")
                                     .arg(target));
        QVERIFY(outcome);
        QVERIFY(!QFile::exists(target));
        QVERIFY(!QFile::exists(m_root.filePath(QStringLiteral("planted"))));
        QVERIFY(!QFile::exists(QStringLiteral("/usr/planted")));
    }

    void cannotPlantAHookOrAConfig()
    {
        const auto outcome = run(QStringLiteral(
            "printf '#!/bin/sh\\ntouch /tmp/pwned\\n' > .git/hooks/post-commit; "
            "chmod +x .git/hooks/post-commit; git config core.fsmonitor 'touch pwned'; "
            "git config alias.st '!touch pwned'; echo '[core] sshCommand = x' >> .git/config; "
            "true"));
        QVERIFY(outcome);
        QVERIFY(!QFile::exists(m_workspace + QStringLiteral("/.git/hooks/post-commit")));
        QFile config(m_workspace + QStringLiteral("/.git/config"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray text = config.readAll();
        QVERIFY2(!text.contains("fsmonitor") && !text.contains("sshCommand") &&
                     !text.contains("alias"),
                 text.constData());
    }

    void seesNoSecret()
    {
        // A process of this user that holds the secrets in its environment from its start, as
        // the runner does: without a sandbox /proc/<pid>/environ gives them away.
        QProcess holder;
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("GIT_TOKEN"), QLatin1String(kSecret));
        holder.setProcessEnvironment(environment);
        holder.start(QStringLiteral("/bin/sleep"), {QStringLiteral("60")});
        QVERIFY(holder.waitForStarted());
        const QString readEnvironments =
            QStringLiteral("cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n'");
        SandboxPolicy none;
        none.mode = SandboxMode::None;
        const auto unconfined = run(readEnvironments, none);
        QVERIFY(unconfined);
        QVERIFY(unconfined->output.contains(QLatin1String(kSecret))); // the attack is real

        const auto outcome =
            run(QStringLiteral("env; cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n'; "
                               "cat %1 2>&1; ls /proc; cat /etc/shadow 2>&1; ls $HOME /root 2>&1")
                    .arg(m_outside + QStringLiteral("/credentials")));
        QVERIFY(outcome);
        QVERIFY2(!outcome->output.contains(QLatin1String(kSecret)), qPrintable(outcome->output));
        QVERIFY(!outcome->output.contains(QLatin1String("NECROCODE_SANDBOX_TEST_SECRET")));
        QVERIFY(!outcome->output.contains(QLatin1String("GIT_TOKEN")));
        QVERIFY(outcome->output.contains(QLatin1String("PATH=/usr/local/bin:/usr/bin:/bin")));
        holder.kill();
        holder.waitForFinished();
    }

    void seesOnlyItsOwnProcesses()
    {
        const auto outcome = run(QStringLiteral("ls /proc | grep -c '^[0-9]'"));
        QVERIFY(outcome);
        QVERIFY2(outcome->output.trimmed().toInt() <= 4, qPrintable(outcome->output));
    }

    void hasNoNetworkUnlessAllowed()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString probe =
            QStringLiteral("python3 -c \"import socket; socket.create_connection(('127.0.0.1', "
                           "%1), timeout=3); print('connected')\"")
                .arg(server.serverPort());
        const auto closed = run(probe);
        QVERIFY(closed);
        QVERIFY(!closed->succeeded());
        QVERIFY(!closed->output.contains(QLatin1String("connected")));

        SandboxPolicy open;
        open.network = true;
        const auto reached = run(probe, open);
        QVERIFY(reached);
        QVERIFY2(reached->succeeded(), qPrintable(reached->output));
        QVERIFY(reached->output.contains(QLatin1String("connected")));
    }

    void holdsTheMemoryLimit()
    {
        SandboxPolicy small;
        small.memoryBytes = 256LL * 1024 * 1024;
        const QString grab = QStringLiteral(
            "python3 -c \"b = bytearray(600 * 1024 * 1024); print('allocated', len(b))\"");
        const auto refused = run(grab, small);
        QVERIFY(refused);
        QVERIFY(!refused->succeeded());
        QVERIFY2(refused->output.contains(QLatin1String("MemoryError")),
                 qPrintable(refused->output));
    }

    void holdsTheFileSizeLimit()
    {
        SandboxPolicy small;
        small.maxFileBytes = 1024 * 1024;
        const auto outcome =
            run(QStringLiteral("head -c 5000000 /dev/zero > big.bin; echo status $?"), small);
        QVERIFY(outcome);
        QVERIFY2(QFileInfo(m_workspace + QStringLiteral("/big.bin")).size() <= 1024 * 1024,
                 qPrintable(outcome->output));
        QVERIFY(!outcome->output.contains(QLatin1String("status 0")));
    }

    void modeNoneIsUnconfined()
    {
        SandboxPolicy none;
        none.mode = SandboxMode::None;
        const QString target = m_outside + QStringLiteral("/unconfined");
        const auto outcome = run(QStringLiteral("echo x > %1").arg(target), none);
        QVERIFY(outcome);
        QVERIFY(outcome->succeeded());
        QVERIFY(QFile::exists(target));
    }

    void refusesAMissingWorkspace()
    {
        const auto confined =
            Sandbox::confine(ProcessSpec::shell(QStringLiteral("true")), SandboxPolicy{},
                             m_root.filePath(QStringLiteral("missing")));
        QVERIFY(!confined);
        QCOMPARE(confined.error().kind, QStringLiteral("sandbox"));
    }

    void reportsAMissingBwrap()
    {
        SandboxPolicy policy;
        policy.bwrapProgram = QStringLiteral("/nonexistent/bwrap");
        const QString reason = Sandbox::unavailableReason(policy);
        QVERIFY(reason.contains(QLatin1String("bubblewrap")));
    }
};

QTEST_GUILESS_MAIN(TestSandbox)
#include "test_sandbox.moc"
