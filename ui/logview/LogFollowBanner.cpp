#include "logview/LogFollowBanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace necrocode {

LogFollowBanner::LogFollowBanner(QWidget *parent)
    : QFrame(parent), m_label(new QLabel(this)), m_jumpButton(new QPushButton(this))
{
    setObjectName(QStringLiteral("logFollowBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setStyleSheet(
        QStringLiteral("#logFollowBanner { background: #fff4ce; border: 1px solid #d9a400;"
                       " border-radius: 6px; } #logFollowBanner QLabel { color: #4a3600; }"));
    m_label->setObjectName(QStringLiteral("logFollowBannerText"));
    m_jumpButton->setObjectName(QStringLiteral("logJumpToLatest"));
    m_jumpButton->setCursor(Qt::PointingHandCursor);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 6, 4);
    layout->setSpacing(10);
    layout->addWidget(m_label);
    layout->addWidget(m_jumpButton);
    connect(m_jumpButton, &QPushButton::clicked, this, &LogFollowBanner::jumpRequested);
    retranslateUi();
}

void LogFollowBanner::setNewEntries(qsizetype count)
{
    if (count == m_newEntries)
        return;
    m_newEntries = count;
    m_label->setText(text());
    adjustSize();
}

QString LogFollowBanner::text() const
{
    return tr("Paused — %Ln new entries", nullptr, int(std::min<qsizetype>(m_newEntries, INT_MAX)));
}

void LogFollowBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QFrame::changeEvent(event);
}

void LogFollowBanner::retranslateUi()
{
    m_label->setText(text());
    m_jumpButton->setText(tr("Jump to latest"));
    m_jumpButton->setToolTip(tr("Scroll to the newest entry and follow again (End)"));
    adjustSize();
}

} // namespace necrocode
