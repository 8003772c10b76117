// What the console and the headless worker know about one run at a moment: enough for a row of
// the runs table. Emitted by the runner pool whenever a run changes.
#pragma once

#include "core/RunPhase.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace necrocode {

enum class RunOutcome { Pending, Running, Completed, Failed, Cancelled };
QString runOutcomeName(RunOutcome outcome);
// The outcome of a finished run: completed, cancelled (error type "cancelled") or failed.
RunOutcome finishedRunOutcome(bool success, const QString &errorType);

struct RunSnapshot
{
    QString runId;    // unique per run in this process
    QString source;   // "local" or the label of an attached worker
    QString runnerId; // empty while queued
    QString taskId;
    QString specName;
    QString title;
    QString description;
    QStringList acceptanceCriteria;
    RunOutcome outcome = RunOutcome::Pending;
    RunPhase phase = RunPhase::Queued;
    qint64 queuedAtMs = 0;
    qint64 startedAtMs = 0;  // 0 while queued
    qint64 finishedAtMs = 0; // 0 while running
    int llmCalls = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double costUsd = -1; // -1: no price known
    QString error;
    QString errorType;
    // A failed run: the phase it stopped in (Finished when unknown), and the end of the failing
    // test command's output (masked, at most kOutputTailBytes).
    RunPhase failedPhase = RunPhase::Finished;
    QString testOutputTail;
    QList<QPair<QString, QString>> artifacts;   // type, uri
    QList<QPair<QString, double>> phaseSeconds; // phase name, duration, in run order

    static constexpr qsizetype kOutputTailBytes = 4000;
};

} // namespace necrocode

Q_DECLARE_METATYPE(necrocode::RunSnapshot)
