// necrocode-services: starts the local Task Registry, Repo Pool, Artifact Store and scripted LLM
// on loopback (elsewhere only with a token), prints their base URLs as one JSON line, and runs
// until SIGINT or SIGTERM.
#include "core/AccessToken.h"
#include "core/ProcessSignals.h"
#include "stack/LocalServiceStack.h"
#include "tls/TlsFiles.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace necrocode;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("necrocode"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NECROCODE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the local NecroCode services (Task Registry, Repo Pool, Artifact Store and a "
        "scripted offline LLM) on loopback and prints their URLs as one JSON line."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Directory for all service data."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("JSON configuration file."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Create the demo repository and task set, and enable /admin/faults."));
    const QCommandLineOption tokenFile(
        QStringLiteral("token-file"),
        QStringLiteral("File holding the bearer token every service asks for (also "
                       "NECROCODE_SERVICES_TOKEN_FILE); required off loopback."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsCertificate(
        QStringLiteral("tls-cert"),
        QStringLiteral("PEM certificate (chain) to serve https with; needs --tls-key."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("The unencrypted PEM key of --tls-cert."),
                                    QStringLiteral("FILE"));
    parser.addOptions({dataDir, config, demo, tokenFile, tlsCertificate, tlsKey});
    parser.process(app);

    ServiceStackConfig settings;
    if (parser.isSet(config)) {
        Result<ServiceStackConfig> loaded = ServiceStackConfig::load(parser.value(config));
        if (!loaded) {
            std::fprintf(stderr, "necrocode-services: %s\n", qPrintable(loaded.errorMessage()));
            return 2;
        }
        settings = std::move(loaded).value();
    }
    if (parser.isSet(dataDir))
        settings.dataDirectory = parser.value(dataDir);
    if (parser.isSet(demo))
        settings.demo = true;
    const QString tokenPath = parser.isSet(tokenFile)
                                  ? parser.value(tokenFile)
                                  : qEnvironmentVariable("NECROCODE_SERVICES_TOKEN_FILE");
    if (!tokenPath.isEmpty()) {
        const Result<QString> token = readTokenFile(tokenPath);
        if (!token) {
            std::fprintf(stderr, "necrocode-services: %s\n", qPrintable(token.errorMessage()));
            return 2;
        }
        settings.token = *token;
    }

    if (parser.isSet(tlsCertificate) || parser.isSet(tlsKey)) {
        const Result<QSslConfiguration> tls =
            loadServerTls(parser.value(tlsCertificate), parser.value(tlsKey));
        if (!tls) {
            std::fprintf(stderr, "necrocode-services: --tls-cert/--tls-key: %s\n",
                         qPrintable(tls.errorMessage()));
            return 2;
        }
        settings.tls = *tls;
    }

    // A deployment names the registry's PostgreSQL database here (its password in PGPASSWORD or
    // a password file), so one image serves every environment.
    if (const QString database = qEnvironmentVariable("NECROCODE_SERVICES_REGISTRY_DATABASE");
        !database.isEmpty()) {
        settings.registryDatabaseUrl = database;
        if (const Result<RegistryDatabase> read = settings.registryDatabase({}); !read) {
            std::fprintf(stderr, "necrocode-services: NECROCODE_SERVICES_REGISTRY_DATABASE: %s\n",
                         qPrintable(read.errorMessage()));
            return 2;
        }
    }

    ProcessSignals signalWatch;
    QObject::connect(&signalWatch, &ProcessSignals::received, QCoreApplication::instance(),
                     &QCoreApplication::quit);
    if (!signalWatch.isInstalled())
        std::fprintf(stderr, "necrocode-services: cannot watch SIGINT/SIGTERM\n");

    LocalServiceStack stack(settings);
    const Result<ServiceUrls> urls = stack.start();
    if (!urls) {
        std::fprintf(stderr, "necrocode-services: %s\n", qPrintable(urls.errorMessage()));
        return urls.error().kind == QLatin1String("config") ? 2 : 1;
    }
    std::fprintf(stdout, "%s\n", urls->toJsonLine().constData());
    std::fflush(stdout);
    std::fprintf(stderr, "necrocode-services: data in %s, task registry in %s; stop with Ctrl+C\n",
                 qPrintable(stack.dataDirectory()),
                 qPrintable(settings.registryDatabase(stack.dataDirectory())->displayName()));

    const int status = app.exec();
    stack.stop();
    return status;
}
