// The one codec of a run's lifecycle in the log: every event kind reads back as written, lines
// in the earlier format read the same, and other entries are no event.
#include "engine/RunEventFields.h"

#include <QJsonDocument>
#include <QTest>

using namespace necrocode;
using namespace necrocode::run_event_fields;

namespace {

QJsonObject throughALine(const QJsonObject &fields)
{
    return QJsonDocument::fromJson(QJsonDocument(fields).toJson(QJsonDocument::Compact)).object();
}

} // namespace

class TestRunEventFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKindReadsBackAsWritten()
    {
        const QList<RunEvent> events{
            RunStarted{QStringLiteral("Add safe division"), 600,
                       QStringLiteral("feature/task-demo-1.2")},
            PhaseChanged{RunPhase::TestExecution, true},
            PhaseChanged{RunPhase::CommitAndPush, false},
            RunFinished{true, 2.5, QString(), QString()},
            RunFinished{false, 1.25, QStringLiteral("test command failed with exit code 1"),
                        QStringLiteral("test_failure")},
        };
        for (const RunEvent &event : events) {
            const auto read = run_event_fields::read(throughALine(write(event)));
            QVERIFY(read);
            QVERIFY(*read == event);
        }
    }

    void readsTheEarlierFormat()
    {
        const auto started =
            read(QJsonDocument::fromJson(R"({"event":"task_started","title":"Add safe division",)"
                                         R"("timeout_seconds":600,"branch_name":"b"})")
                     .object());
        QVERIFY(started);
        QCOMPARE(std::get<RunStarted>(*started).title, QStringLiteral("Add safe division"));

        const auto phase =
            read(QJsonDocument::fromJson(R"({"phase":"test_execution","event":"start"})").object());
        QVERIFY(phase);
        QCOMPARE(std::get<PhaseChanged>(*phase).phase, RunPhase::TestExecution);
        QVERIFY(std::get<PhaseChanged>(*phase).started);

        const auto finished =
            read(QJsonDocument::fromJson(R"({"event":"task_finished","duration_seconds":1.5,)"
                                         R"("success":false,"error":"boom","error_type":"parse"})")
                     .object());
        QVERIFY(finished);
        QCOMPARE(std::get<RunFinished>(*finished),
                 (RunFinished{false, 1.5, QStringLiteral("boom"), QStringLiteral("parse")}));
    }

    void otherEntriesAreNoEvent()
    {
        QVERIFY(!read({}));
        QVERIFY(!read(QJsonObject{{QStringLiteral("event"), QStringLiteral("start")}}));
        QVERIFY(!read(QJsonObject{{QStringLiteral("event"), QStringLiteral("start")},
                                  {QStringLiteral("phase"), QStringLiteral("no_such_phase")}}));
        QVERIFY(!read(QJsonObject{{QStringLiteral("event"), QStringLiteral("slot_released")}}));
    }
};

QTEST_GUILESS_MAIN(TestRunEventFields)
#include "test_run_event_fields.moc"
