// Logger and LogDispatcher: context stamping, names, level threshold, masking before the sinks,
// flushing on errors and at destruction, a default Logger doing nothing.
#include "LogTestSupport.h"
#include "log/Logger.h"

#include <QDateTime>
#include <QTest>

using namespace necrocode;
using necrocode::test::RecordingSink;

class TestLogger : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<LogDispatcher> m_dispatcher;
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void init()
    {
        m_dispatcher = std::make_shared<LogDispatcher>(LogLevel::Debug);
        m_sink = std::make_shared<RecordingSink>();
        m_dispatcher->addSink(m_sink);
    }

    void stampsNameContextAndTime()
    {
        const LogContext context{QStringLiteral("runner-1"), QStringLiteral("1.2"),
                                 QStringLiteral("chat-app")};
        const Logger logger(m_dispatcher, QStringLiteral("necrocode.runner"), context);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        logger.warning(QStringLiteral("slow"), {{QStringLiteral("attempt"), 2}},
                       QStringLiteral("TimeoutError"));
        const qint64 after = QDateTime::currentMSecsSinceEpoch();

        const auto entries = m_sink->entries();
        QCOMPARE(entries.size(), 1u);
        const LogEntry &e = entries.front();
        QCOMPARE(e.level, LogLevel::Warning);
        QCOMPARE(e.logger, QStringLiteral("necrocode.runner"));
        QCOMPARE(e.message, QStringLiteral("slow"));
        QCOMPARE(e.runnerId, QStringLiteral("runner-1"));
        QCOMPARE(e.taskId, QStringLiteral("1.2"));
        QCOMPARE(e.specName, QStringLiteral("chat-app"));
        QCOMPARE(e.exception, QStringLiteral("TimeoutError"));
        QCOMPARE(e.extra.value(QStringLiteral("attempt")).toInt(), 2);
        QVERIFY(e.timestampMs >= before && e.timestampMs <= after);
        QCOMPARE(e.utcOffsetSeconds, QDateTime::currentDateTime().offsetFromUtc());
    }

    void withContextAndChildAreCopies()
    {
        Logger base(m_dispatcher, QStringLiteral("necrocode.runner"));
        const Logger task = base.withContext({QStringLiteral("r"), QStringLiteral("7"), {}});
        const Logger client = task.child(u"llm_client");
        QCOMPARE(base.context(), LogContext{});
        QCOMPARE(client.name(), QStringLiteral("necrocode.runner.llm_client"));
        QCOMPARE(client.context(), task.context());
        QCOMPARE(Logger(m_dispatcher, {}).child(u"x").name(), QStringLiteral("x"));

        base.setContext({QStringLiteral("r2"), {}, {}});
        base.info(QStringLiteral("a"));
        client.info(QStringLiteral("b"));
        const auto entries = m_sink->entries();
        QCOMPARE(entries.size(), 2u);
        QCOMPARE(entries[0].runnerId, QStringLiteral("r2"));
        QCOMPARE(entries[0].taskId, QString());
        QCOMPARE(entries[1].runnerId, QStringLiteral("r"));
        QCOMPARE(entries[1].taskId, QStringLiteral("7"));
        QCOMPARE(entries[1].logger, QStringLiteral("necrocode.runner.llm_client"));
    }

    void thresholdDropsLowerLevels_data()
    {
        QTest::addColumn<LogLevel>("threshold");
        QTest::addColumn<QStringList>("delivered");
        QTest::newRow("debug") << LogLevel::Debug
                               << QStringList{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};
        QTest::newRow("info") << LogLevel::Info
                              << QStringList{"INFO", "WARNING", "ERROR", "CRITICAL"};
        QTest::newRow("warning") << LogLevel::Warning
                                 << QStringList{"WARNING", "ERROR", "CRITICAL"};
        QTest::newRow("error") << LogLevel::Error << QStringList{"ERROR", "CRITICAL"};
        QTest::newRow("critical") << LogLevel::Critical << QStringList{"CRITICAL"};
    }

    void thresholdDropsLowerLevels()
    {
        QFETCH(LogLevel, threshold);
        QFETCH(QStringList, delivered);
        m_dispatcher->setThreshold(threshold);
        QCOMPARE(m_dispatcher->threshold(), threshold);
        const Logger logger(m_dispatcher, QStringLiteral("t"));
        logger.debug(QStringLiteral("m"));
        logger.info(QStringLiteral("m"));
        logger.warning(QStringLiteral("m"));
        logger.error(QStringLiteral("m"));
        logger.critical(QStringLiteral("m"));
        QStringList levels;
        for (const LogEntry &e : m_sink->entries())
            levels << logLevelName(e.level);
        QCOMPARE(levels, delivered);
        for (int level = 0; level < kLogLevelCount; ++level)
            QCOMPARE(logger.isEnabled(LogLevel(level)), level >= int(threshold));
    }

    void defaultLoggerDoesNothing()
    {
        const Logger logger;
        QVERIFY(!logger.isEnabled(LogLevel::Critical));
        logger.critical(QStringLiteral("nobody listens"));
        logger.child(u"x").info(QStringLiteral("still nobody"));
        QVERIFY(m_sink->entries().empty());
    }

    void secretsAreMaskedBeforeAnySink()
    {
        SecretMasker masker;
        masker.addKnownSecret(QStringLiteral("hunter2-from-config"));
        m_dispatcher->setMasker(masker);
        QCOMPARE(m_dispatcher->masker().knownSecretCount(), 1);
        const Logger logger(m_dispatcher, QStringLiteral("t"));
        logger.error(QStringLiteral("login with hunter2-from-config failed"),
                     {{QStringLiteral("api_key"), QStringLiteral("abcd1234")}},
                     QStringLiteral("AuthError: hunter2-from-config"));
        const LogEntry e = m_sink->entries().at(0);
        QCOMPARE(e.message, QStringLiteral("login with *** failed"));
        QCOMPARE(e.exception, QStringLiteral("AuthError: ***"));
        QCOMPARE(e.extra.value(QStringLiteral("api_key")).toString(), QStringLiteral("***"));
    }

    void errorsAndDestructionFlushEverySink()
    {
        auto second = std::make_shared<RecordingSink>();
        m_dispatcher->addSink(second);
        QCOMPARE(m_dispatcher->sinkCount(), 2u);
        const Logger logger(m_dispatcher, QStringLiteral("t"));
        logger.info(QStringLiteral("fine"));
        logger.warning(QStringLiteral("hmm"));
        QCOMPARE(m_sink->flushCount(), 0);
        logger.error(QStringLiteral("bad"));
        QCOMPARE(m_sink->flushCount(), 1);
        QCOMPARE(second->flushCount(), 1);
        logger.critical(QStringLiteral("worse"));
        QCOMPARE(second->flushCount(), 2);
        m_dispatcher->flush();
        QCOMPARE(second->flushCount(), 3);
        m_dispatcher.reset();
        QCOMPARE(second->flushCount(), 3); // the logger still holds the dispatcher
    }

    void lastOwnerFlushesAtDestruction()
    {
        {
            const Logger logger(std::exchange(m_dispatcher, nullptr), QStringLiteral("t"));
            logger.info(QStringLiteral("x"));
            QCOMPARE(m_sink->flushCount(), 0);
        }
        QCOMPARE(m_sink->flushCount(), 1);
    }

    void removedSinkGetsNothing()
    {
        const Logger logger(m_dispatcher, QStringLiteral("t"));
        logger.info(QStringLiteral("one"));
        m_dispatcher->removeSink(m_sink);
        QCOMPARE(m_dispatcher->sinkCount(), 0u);
        logger.info(QStringLiteral("two"));
        QCOMPARE(m_sink->entries().size(), 1u);
    }
};

QTEST_GUILESS_MAIN(TestLogger)
#include "test_logger.moc"
