#include "logview/LogDetailPane.h"

#include "log/JsonLineFormatter.h"
#include "logview/LogJsonHighlighter.h"
#include "logview/LogJsonText.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace necrocode {

LogDetailPane::LogDetailPane(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_copy(new QToolButton(this)),
      m_text(new QPlainTextEdit(this)), m_highlighter(new LogJsonHighlighter(m_text->document()))
{
    setObjectName(QStringLiteral("logDetailPane"));
    m_title->setObjectName(QStringLiteral("logDetailTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_copy->setObjectName(QStringLiteral("logDetailCopy"));
    m_copy->setEnabled(false);
    connect(m_copy, &QToolButton::clicked, this, &LogDetailPane::copyJson);

    m_text->setObjectName(QStringLiteral("logDetailText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_text, 1);
    retranslateUi();
}

void LogDetailPane::showEntry(const LogEntry &entry)
{
    m_entry = entry;
    QByteArray line = formatJsonLine(entry);
    line.chop(1);
    m_text->setPlainText(indentJson(line));
    m_copy->setEnabled(true);
    retranslateUi();
}

void LogDetailPane::clearEntry()
{
    m_entry.reset();
    m_text->clear();
    m_copy->setEnabled(false);
    retranslateUi();
}

QString LogDetailPane::jsonText() const
{
    return m_entry ? m_text->toPlainText() : QString();
}

void LogDetailPane::copyJson()
{
    if (m_entry)
        QApplication::clipboard()->setText(jsonText());
}

void LogDetailPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LogDetailPane::retranslateUi()
{
    m_title->setText(m_entry ? tr("Entry — %1 %2")
                                   .arg(logLevelName(m_entry->level),
                                        QString::fromLatin1(formatIsoTimestamp(
                                            m_entry->timestampMs, m_entry->utcOffsetSeconds)))
                             : tr("Entry"));
    m_text->setPlaceholderText(tr("Select a log entry to see all of its fields."));
    m_copy->setText(tr("Copy JSON"));
    m_copy->setToolTip(tr("Copy the whole entry as JSON"));
}

} // namespace necrocode
