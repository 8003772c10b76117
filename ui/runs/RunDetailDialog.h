// Everything about one run in one place (double-click in the runs panel): the task with its
// description and acceptance criteria, each phase with its duration, the error with its class,
// the failing test's output, the artifacts as links, and the run's LLM calls.
#pragma once

#include "engine/LlmExchange.h"
#include "engine/RunSnapshot.h"

#include <QDialog>

class QTextBrowser;

namespace necrocode {

class RunDetailDialog : public QDialog
{
    Q_OBJECT

public:
    RunDetailDialog(const RunSnapshot &run, const QList<LlmExchange> &calls,
                    QWidget *parent = nullptr);

    // The whole detail as HTML (what the dialog shows).
    static QString html(const RunSnapshot &run, const QList<LlmExchange> &calls);

private:
    QTextBrowser *m_text;
};

} // namespace necrocode
