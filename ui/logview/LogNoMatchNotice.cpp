#include "logview/LogNoMatchNotice.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <climits>

namespace necrocode {

LogNoMatchNotice::LogNoMatchNotice(QWidget *parent)
    : QFrame(parent), m_label(new QLabel(this)), m_clearButton(new QPushButton(this))
{
    setObjectName(QStringLiteral("logNoMatchNotice"));
    m_label->setObjectName(QStringLiteral("logNoMatchText"));
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    m_clearButton->setObjectName(QStringLiteral("logNoMatchClearFilter"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_label);
    layout->addWidget(m_clearButton, 0, Qt::AlignHCenter);
    connect(m_clearButton, &QPushButton::clicked, this, &LogNoMatchNotice::clearFilterRequested);
    retranslateUi();
}

void LogNoMatchNotice::setHiddenEntries(qsizetype total)
{
    if (total == m_hidden)
        return;
    m_hidden = total;
    m_label->setText(text());
}

QString LogNoMatchNotice::text() const
{
    return tr("No entries match the filter (%Ln hidden).", nullptr,
              int(std::min<qsizetype>(m_hidden, INT_MAX)));
}

void LogNoMatchNotice::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QFrame::changeEvent(event);
}

void LogNoMatchNotice::retranslateUi()
{
    m_label->setText(text());
    m_clearButton->setText(tr("Clear filter"));
    m_clearButton->setToolTip(tr("Show every entry again"));
}

} // namespace necrocode
