#include "workspace/Sandbox.h"

#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QProcess>

namespace necrocode {

namespace {

// The user a sandboxed command runs as: nobody, without capabilities.
const QString kSandboxUid = QStringLiteral("65534");

QStringList namespaceArguments(const SandboxPolicy &policy)
{
    QStringList args{QStringLiteral("--unshare-user"),
                     QStringLiteral("--unshare-pid"),
                     QStringLiteral("--unshare-ipc"),
                     QStringLiteral("--unshare-uts"),
                     QStringLiteral("--unshare-cgroup-try"),
                     QStringLiteral("--uid"),
                     kSandboxUid,
                     QStringLiteral("--gid"),
                     kSandboxUid,
                     QStringLiteral("--cap-drop"),
                     QStringLiteral("ALL"),
                     QStringLiteral("--die-with-parent"),
                     QStringLiteral("--hostname"),
                     QStringLiteral("necrocode-sandbox")};
    if (!policy.network)
        args << QStringLiteral("--unshare-net");
    return args;
}

// The system, read-only: /usr and /etc, the merged-/usr links, a private /proc, /dev and /tmp.
// The runner's home, its data and every other working copy stay out of sight.
QStringList systemArguments(const SandboxPolicy &policy)
{
    QStringList args{QStringLiteral("--ro-bind"), QStringLiteral("/usr"), QStringLiteral("/usr")};
    for (const char *top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        const QString path = QString::fromLatin1(top);
        const QFileInfo info(path);
        if (info.isSymLink())
            args << QStringLiteral("--symlink") << info.symLinkTarget() << path;
        else if (info.isDir())
            args << QStringLiteral("--ro-bind") << path << path;
    }
    args << QStringLiteral("--ro-bind") << QStringLiteral("/etc") << QStringLiteral("/etc");
    for (const QString &hidden : policy.hiddenPaths) {
        const QFileInfo info(hidden);
        if (!info.exists())
            continue;
        if (info.isDir())
            args << QStringLiteral("--tmpfs") << hidden;
        else
            args << QStringLiteral("--ro-bind") << QStringLiteral("/dev/null") << hidden;
    }
    args << QStringLiteral("--proc") << QStringLiteral("/proc") << QStringLiteral("--dev")
         << QStringLiteral("/dev") << QStringLiteral("--tmpfs") << QStringLiteral("/tmp");
    return args;
}

ProcessLimits limitsOf(const SandboxPolicy &policy)
{
    ProcessLimits limits;
    limits.dataBytes = policy.memoryBytes;
    limits.fileBytes = policy.maxFileBytes;
    limits.maxProcesses = policy.maxProcesses;
    limits.noCoreDumps = true;
    return limits;
}

} // namespace

QString sandboxModeName(SandboxMode mode)
{
    return mode == SandboxMode::Bwrap ? QStringLiteral("bwrap") : QStringLiteral("none");
}

std::optional<SandboxMode> parseSandboxMode(const QString &text)
{
    if (text == QLatin1String("bwrap"))
        return SandboxMode::Bwrap;
    if (text == QLatin1String("none"))
        return SandboxMode::None;
    return std::nullopt;
}

QMap<QString, QString> Sandbox::baseEnvironment()
{
    return {{QStringLiteral("PATH"), QStringLiteral("/usr/local/bin:/usr/bin:/bin")},
            {QStringLiteral("HOME"), QStringLiteral("/tmp")},
            {QStringLiteral("TMPDIR"), QStringLiteral("/tmp")},
            {QStringLiteral("LANG"), QStringLiteral("C.UTF-8")}};
}

Result<ProcessSpec> Sandbox::confine(ProcessSpec spec, const SandboxPolicy &policy,
                                     const QString &workspace)
{
    spec.limits = limitsOf(policy);
    if (policy.mode == SandboxMode::None)
        return spec;
    const QFileInfo root(workspace);
    if (workspace.isEmpty() || !root.isDir())
        return makeError(
            QStringLiteral("cannot sandbox a command: the workspace '%1' is not a directory")
                .arg(workspace),
            QStringLiteral("sandbox"));
    const QString ws = root.canonicalFilePath();
    QString cwd = ws;
    if (!spec.workingDirectory.isEmpty()) {
        const QString wanted = QFileInfo(spec.workingDirectory).canonicalFilePath();
        if (wanted == ws || wanted.startsWith(ws + QLatin1Char('/')))
            cwd = wanted;
    }

    QStringList args = namespaceArguments(policy) + systemArguments(policy);
    args << QStringLiteral("--bind") << ws << ws;
    // The repository itself stays read-only: no hook, no config, no ref can be planted.
    args << QStringLiteral("--ro-bind-try") << ws + QStringLiteral("/.git")
         << ws + QStringLiteral("/.git");
    args << QStringLiteral("--chdir") << cwd << QStringLiteral("--");
    if (!spec.shellCommand.isEmpty())
        args << QStringLiteral("/bin/sh") << QStringLiteral("-c") << spec.shellCommand;
    else
        args << spec.program << spec.arguments;

    QMap<QString, QString> environment = baseEnvironment();
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        environment.insert(it.key(), it.value());

    ProcessSpec confined = spec;
    confined.program = policy.bwrapProgram;
    confined.arguments = args;
    confined.shellCommand.clear();
    confined.workingDirectory = ws;
    // bwrap's own environment is what the command sees, also as /proc/1/environ inside.
    confined.environment = environment;
    confined.inheritEnvironment = false;
    confined.inheritSensitiveEnvironment = false;
    return confined;
}

QString Sandbox::unavailableReason(const SandboxPolicy &policy)
{
    if (policy.mode == SandboxMode::None)
        return QString();
    static QMutex mutex;
    static QHash<QString, QString> answers;
    const QString key = policy.bwrapProgram + (policy.network ? QStringLiteral("+net") : QString());
    QMutexLocker lock(&mutex);
    if (const auto it = answers.constFind(key); it != answers.cend())
        return it.value();

    QProcess probe;
    QStringList args = namespaceArguments(policy) + systemArguments(policy);
    args << QStringLiteral("--") << QStringLiteral("/bin/true");
    probe.setProgram(policy.bwrapProgram);
    probe.setArguments(args);
    probe.setProcessEnvironment(QProcessEnvironment());
    probe.setProcessChannelMode(QProcess::MergedChannels);
    probe.setStandardInputFile(QProcess::nullDevice());
    probe.start();
    QString reason;
    if (!probe.waitForStarted(5000))
        reason = QStringLiteral("'%1' cannot be started (%2): install the Debian package "
                                "bubblewrap")
                     .arg(policy.bwrapProgram, probe.errorString());
    else if (!probe.waitForFinished(10000))
        reason = QStringLiteral("'%1' did not answer within 10 s").arg(policy.bwrapProgram);
    else if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        reason = QStringLiteral("'%1' cannot create a sandbox here: %2")
                     .arg(policy.bwrapProgram,
                          QString::fromLocal8Bit(probe.readAll()).trimmed().left(500));
    if (probe.state() != QProcess::NotRunning) {
        probe.kill();
        probe.waitForFinished(1000);
    }
    answers.insert(key, reason);
    return reason;
}

} // namespace necrocode
