#include "runs/RunDetailDialog.h"

#include "common/PanelFormatting.h"
#include "runs/RunsModel.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace necrocode {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><th align=\"left\" valign=\"top\">%1</th><td>%2</td></tr>")
        .arg(escaped(label), value);
}

} // namespace

RunDetailDialog::RunDetailDialog(const RunSnapshot &run, const QList<LlmExchange> &calls,
                                 QWidget *parent)
    : QDialog(parent), m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("runDetailDialog"));
    setWindowTitle(tr("Run of task %1").arg(run.taskId));
    m_text->setObjectName(QStringLiteral("runDetailText"));
    m_text->setOpenExternalLinks(true);
    m_text->setHtml(html(run, calls));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    resize(760, 620);
}

QString RunDetailDialog::html(const RunSnapshot &run, const QList<LlmExchange> &calls)
{
    QString out = QStringLiteral("<h3>%1 %2</h3><table cellspacing=\"4\">")
                      .arg(escaped(run.taskId), escaped(run.title));
    out += row(tr("Task set"), escaped(run.specName));
    out += row(tr("Runner"), escaped(run.runnerId));
    out += row(tr("State"), escaped(RunsModel::outcomeText(run.outcome)));
    if (!run.description.isEmpty())
        out += row(tr("Description"), escaped(run.description));
    if (!run.acceptanceCriteria.isEmpty()) {
        QString list = QStringLiteral("<ul>");
        for (const QString &criterion : run.acceptanceCriteria)
            list += QStringLiteral("<li>%1</li>").arg(escaped(criterion));
        out += row(tr("Acceptance criteria"), list + QStringLiteral("</ul>"));
    }
    if (!run.error.isEmpty()) {
        out += row(tr("Error"),
                   QStringLiteral("<span style=\"color:#c0392b\">%1</span>")
                       .arg(escaped(run.errorType.isEmpty()
                                        ? run.error
                                        : run.errorType + QStringLiteral(": ") + run.error)));
        if (run.failedPhase != RunPhase::Finished)
            out += row(tr("Failed in"), escaped(RunsModel::phaseText(run.failedPhase)));
    }
    out += QStringLiteral("</table>");

    if (!run.phaseSeconds.isEmpty()) {
        out += QStringLiteral("<h4>%1</h4><table cellspacing=\"4\">").arg(escaped(tr("Phases")));
        for (const auto &[phase, seconds] : run.phaseSeconds) {
            const auto known = parseRunPhase(phase);
            out += row(known ? RunsModel::phaseText(*known) : phase,
                       escaped(PanelFormatting::duration(qint64(seconds * 1000))));
        }
        out += QStringLiteral("</table>");
    }
    if (!run.testOutputTail.isEmpty())
        out += QStringLiteral("<h4>%1</h4><pre>%2</pre>")
                   .arg(escaped(tr("Test output (end)")), escaped(run.testOutputTail));
    if (!run.artifacts.isEmpty()) {
        out += QStringLiteral("<h4>%1</h4><ul>").arg(escaped(tr("Artifacts")));
        for (const auto &[type, uri] : run.artifacts)
            out += QStringLiteral("<li>%1: <a href=\"%2\">%3</a></li>")
                       .arg(escaped(type), escaped(uri), escaped(uri));
        out += QStringLiteral("</ul>");
    }
    out += QStringLiteral("<h4>%1</h4>").arg(escaped(tr("LLM calls")));
    if (calls.isEmpty())
        out += QStringLiteral("<p>%1</p>").arg(escaped(tr("None.")));
    for (const LlmExchange &call : calls) {
        const QString outcome =
            call.error.isEmpty() ? tr("%1 prompt + %2 completion tokens in %3, finish reason %4")
                                       .arg(PanelFormatting::count(call.response.promptTokens),
                                            PanelFormatting::count(call.response.completionTokens),
                                            PanelFormatting::latency(call.response.durationSeconds),
                                            call.response.finishReason)
                                 : tr("failed: %1").arg(call.error);
        out += QStringLiteral("<p><b>%1</b> %2</p>")
                   .arg(escaped(call.request.model), escaped(outcome));
    }
    return out;
}

} // namespace necrocode
