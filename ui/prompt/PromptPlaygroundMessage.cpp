#include "prompt/PromptPlaygroundMessage.h"

#include "prompt/PromptInspector.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace necrocode {

namespace {

const QStringList kRoles{QStringLiteral("system"), QStringLiteral("user"),
                         QStringLiteral("assistant")};

} // namespace

PromptPlaygroundMessage::PromptPlaygroundMessage(const ChatMessage &message, QWidget *parent)
    : QWidget(parent)
{
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("messageRole"));
    for (const QString &role : kRoles)
        m_role->addItem(QString(), role);
    if (!kRoles.contains(message.role))
        m_role->addItem(message.role, message.role);
    m_role->setCurrentIndex(m_role->findData(message.role));
    m_remove = new QToolButton(this);
    m_remove->setObjectName(QStringLiteral("removeMessage"));
    m_content = new QPlainTextEdit(this);
    m_content->setObjectName(QStringLiteral("messageContent"));
    m_content->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_content->setPlainText(message.content);
    m_content->setMinimumHeight(80);

    auto *header = new QHBoxLayout;
    header->addWidget(m_role);
    header->addStretch(1);
    header->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->addLayout(header);
    layout->addWidget(m_content);

    connect(m_remove, &QToolButton::clicked, this, [this] { Q_EMIT removeRequested(this); });
    retranslateUi();
}

ChatMessage PromptPlaygroundMessage::message() const
{
    return ChatMessage{m_role->currentData().toString(), m_content->toPlainText()};
}

void PromptPlaygroundMessage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PromptPlaygroundMessage::retranslateUi()
{
    for (int i = 0; i < m_role->count(); ++i)
        m_role->setItemText(i, PromptInspector::roleText(m_role->itemData(i).toString()));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove this message"));
}

} // namespace necrocode
