// What every git command of the runner and the Repo Pool starts with, so that nothing a working
// copy holds can make git run a program: hooks off, no fsmonitor, no credential helper, pager,
// editor or ssh command from its configuration, no ext:: transport.
#pragma once

#include <QMap>
#include <QStringList>

namespace necrocode {

// "-c name=value" pairs to put before the git subcommand; command-line values win over every
// configuration file.
QStringList hardenedGitOptions();

// Environment variables for every git child: no system configuration, no prompts, ssh in batch
// mode, no editor.
QMap<QString, QString> hardenedGitEnvironment();

// The whole .git/config the Repo Pool keeps in a slot: the core settings, the origin remote and
// the commit identity. Cleaning a slot writes it back, dropping whatever a task changed.
QByteArray pristineSlotConfig(const QString &originUrl);

} // namespace necrocode
