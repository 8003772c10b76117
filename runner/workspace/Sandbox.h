// Confines a command that runs code from a task or a model (tests, playbook steps) with
// bubblewrap: new user, PID, IPC and network namespaces, the system read-only, the workspace the
// only writable place besides a private /tmp, the workspace's .git read-only, a clean environment
// and kernel resource limits. Mode "none" leaves the command unconfined, by explicit choice only.
#pragma once

#include "core/Result.h"
#include "workspace/ProcessSpec.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace necrocode {

enum class SandboxMode { Bwrap, None };

QString sandboxModeName(SandboxMode mode);
std::optional<SandboxMode> parseSandboxMode(const QString &text);

struct SandboxPolicy
{
    SandboxMode mode = SandboxMode::Bwrap;
    bool network = false;                          // false: only a private loopback
    qint64 memoryBytes = 4LL * 1024 * 1024 * 1024; // 0: no limit
    qint64 maxFileBytes = 1LL * 1024 * 1024 * 1024;
    qint64 maxProcesses = 512;
    QString bwrapProgram = QStringLiteral("bwrap");
    // Paths under the read-only system directories that stay hidden (secrets of the host).
    QStringList hiddenPaths{QStringLiteral("/etc/shadow"), QStringLiteral("/etc/gshadow"),
                            QStringLiteral("/etc/ssh"), QStringLiteral("/etc/ssl/private"),
                            QStringLiteral("/etc/necrocode")};

    friend bool operator==(const SandboxPolicy &, const SandboxPolicy &) = default;
};

class Sandbox
{
public:
    // The variables every sandboxed command starts from (PATH, HOME and TMPDIR in its private
    // /tmp, LANG); the command's own variables are added to these, nothing is inherited.
    static QMap<QString, QString> baseEnvironment();

    // `spec` rewritten to run inside the sandbox with `workspace` writable. Mode None returns it
    // unchanged apart from the resource limits. Fails when the workspace is not a directory.
    static Result<ProcessSpec> confine(ProcessSpec spec, const SandboxPolicy &policy,
                                       const QString &workspace);

    // Whether bwrap can create a sandbox on this machine: "" when it can, else why not (the
    // program is missing, or user namespaces are not allowed). Runs bwrap once and remembers
    // the answer per program.
    static QString unavailableReason(const SandboxPolicy &policy);
};

} // namespace necrocode
