// The databases the Task Registry's tests run on: a new SQLite directory per test, or, when the
// environment says NECROCODE_TEST_REGISTRY_BACKEND=postgresql, a new database per test on a
// PostgreSQL server this test process starts. ctest runs each registry suite both ways.
#pragma once

#include "PostgresServer.h"
#include "registry/RegistryDatabase.h"
#include "registry/TaskRegistryService.h"

#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace necrocode::test {

class RegistryTestDatabases
{
public:
    static bool usePostgres()
    {
        return qEnvironmentVariable("NECROCODE_TEST_REGISTRY_BACKEND") ==
               QLatin1String("postgresql");
    }

    // Empty on success; otherwise why the backend cannot be used.
    QString start()
    {
        if (!usePostgres())
            return {};
        m_server = std::make_unique<PostgresServer>();
        return m_server->start();
    }

    // A new, empty registry database.
    Result<RegistryDatabase> fresh()
    {
        if (!m_server) {
            m_directories.push_back(std::make_unique<QTemporaryDir>());
            if (!m_directories.back()->isValid())
                return makeError(QStringLiteral("cannot create a temporary directory"));
            return RegistryDatabase::sqlite(m_directories.back()->path());
        }
        QString error;
        const QString url =
            m_server->createDatabase(QStringLiteral("registry_%1").arg(++m_created), &error);
        if (url.isEmpty())
            return makeError(error);
        return RegistryDatabase::postgresql(url);
    }

    PostgresServer *server() { return m_server.get(); }

    // A registry on `database`, listening on a free loopback port.
    static Result<std::unique_ptr<TaskRegistryService>>
    listeningRegistry(const RegistryDatabase &database)
    {
        Result<std::unique_ptr<TaskRegistryService>> service = TaskRegistryService::open(database);
        if (!service)
            return service.error();
        if (const Result<quint16> port = service.value()->listen(); !port)
            return port.error();
        return service;
    }

private:
    std::unique_ptr<PostgresServer> m_server;
    std::vector<std::unique_ptr<QTemporaryDir>> m_directories;
    int m_created = 0;
};

} // namespace necrocode::test
