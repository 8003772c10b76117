// A throwaway PostgreSQL server for tests, from Debian's postgresql package: initdb and pg_ctl in
// a temporary directory, listening only on a Unix socket in that directory (no TCP port), with
// trust authentication for the user "necrocode". When the tests run as root it runs as the
// unprivileged user "postgres" (initdb refuses root). Stopped and deleted on destruction.
#pragma once

#include <QDir>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QUrlQuery>

#include <unistd.h>

namespace necrocode::test {

class PostgresServer
{
public:
    PostgresServer() = default;
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;
    ~PostgresServer()
    {
        if (m_running)
            run(QStringLiteral("pg_ctl"),
                {QStringLiteral("-D"), dataDirectory(), QStringLiteral("-m"),
                 QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
    }

    // Empty on success; otherwise what went wrong.
    QString start()
    {
        m_binDirectory = newestBinDirectory();
        if (m_binDirectory.isEmpty())
            return QStringLiteral("no PostgreSQL server in /usr/lib/postgresql/*/bin: install the "
                                  "Debian package postgresql");
        if (!m_directory.isValid())
            return QStringLiteral("cannot create a temporary directory");
        if (::geteuid() == 0) {
            const QString chown =
                run(QStringLiteral("/bin/chown"),
                    {QStringLiteral("postgres:postgres"), m_directory.path()}, false);
            if (!chown.isEmpty())
                return chown;
        }
        if (const QString failed = run(QStringLiteral("initdb"),
                                       {QStringLiteral("-D"), dataDirectory(), QStringLiteral("-U"),
                                        QStringLiteral("necrocode"), QStringLiteral("--auth=trust"),
                                        QStringLiteral("-E"), QStringLiteral("UTF8"),
                                        QStringLiteral("--locale=C"), QStringLiteral("--no-sync")});
            !failed.isEmpty())
            return failed;
        return startServer();
    }

    // Stops the server the fast way (open connections are cut) and starts it again.
    QString restart()
    {
        if (const QString failed = stop(); !failed.isEmpty())
            return failed;
        return startServer();
    }

    // Stops the server the fast way; resume() starts it again.
    QString stop()
    {
        if (const QString failed =
                run(QStringLiteral("pg_ctl"),
                    {QStringLiteral("-D"), dataDirectory(), QStringLiteral("-m"),
                     QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")});
            !failed.isEmpty())
            return failed;
        m_running = false;
        return {};
    }
    QString resume() { return startServer(); }

    // Creates an empty database and returns its postgresql:// URL (empty, and `error` set, when
    // it cannot).
    QString createDatabase(const QString &name, QString *error)
    {
        const QString connection = QStringLiteral("postgres-admin-%1").arg(name);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(socketDirectory());
            db.setUserName(QStringLiteral("necrocode"));
            db.setDatabaseName(QStringLiteral("postgres"));
            if (!db.open()) {
                *error = db.lastError().text();
            } else {
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name)))
                    *error = q.lastError().text();
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return error->isEmpty() ? url(name) : QString();
    }

    QString url(const QString &database) const
    {
        QUrl u;
        u.setScheme(QStringLiteral("postgresql"));
        u.setUserName(QStringLiteral("necrocode"));
        u.setHost(QStringLiteral("localhost"));
        u.setPath(QLatin1Char('/') + database);
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("host"), socketDirectory());
        u.setQuery(query);
        return u.toString();
    }

    QString socketDirectory() const { return m_directory.path(); }

private:
    QString dataDirectory() const { return m_directory.filePath(QStringLiteral("data")); }

    QString startServer()
    {
        const QString options =
            QStringLiteral("-k %1 -c listen_addresses='' -p 5432 -c fsync=off -c "
                           "max_connections=200")
                .arg(socketDirectory());
        if (const QString failed =
                run(QStringLiteral("pg_ctl"),
                    {QStringLiteral("-D"), dataDirectory(), QStringLiteral("-l"),
                     m_directory.filePath(QStringLiteral("server.log")), QStringLiteral("-o"),
                     options, QStringLiteral("-w"), QStringLiteral("start")});
            !failed.isEmpty())
            return failed;
        m_running = true;
        return {};
    }

    static QString newestBinDirectory()
    {
        const QDir root(QStringLiteral("/usr/lib/postgresql"));
        QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(),
                  [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
        for (const QString &v : versions)
            if (QFile::exists(root.filePath(v + QStringLiteral("/bin/pg_ctl"))))
                return root.filePath(v + QStringLiteral("/bin"));
        return {};
    }

    // Runs a PostgreSQL program (as "postgres" when this process is root); empty when it
    // succeeded, its output otherwise.
    QString run(const QString &program, const QStringList &arguments, bool postgresProgram = true)
    {
        QString executable = postgresProgram ? QDir(m_binDirectory).filePath(program) : program;
        QStringList args = arguments;
        if (postgresProgram && ::geteuid() == 0) {
            args.prepend(executable);
            args = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                               QStringLiteral("--")} +
                   args;
            executable = QStringLiteral("/sbin/runuser");
        }
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setWorkingDirectory(m_directory.path());
        process.start(executable, args);
        if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0)
            return QStringLiteral("%1 failed: %2%3")
                .arg(program, process.errorString(), QString::fromLocal8Bit(process.readAll()));
        return {};
    }

    QTemporaryDir m_directory;
    QString m_binDirectory;
    bool m_running = false;
};

} // namespace necrocode::test
