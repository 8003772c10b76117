#include "logview/LogFilterBar.h"

#include "logview/LogLevelStyle.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace necrocode {

namespace {

constexpr qint64 kFiveMinutesMs = qint64{5} * 60 * 1000;
constexpr qint64 kHourMs = qint64{60} * 60 * 1000;

const QString kInvalidSearchStyle = QStringLiteral("QLineEdit { border: 1px solid #c0392b; }");

} // namespace

LogFilterBar::LogFilterBar(QWidget *parent)
    : QWidget(parent), m_runner(makeChooser(QStringLiteral("logFilterRunner"))),
      m_task(makeChooser(QStringLiteral("logFilterTask"))),
      m_spec(makeChooser(QStringLiteral("logFilterSpec"))),
      m_service(makeChooser(QStringLiteral("logFilterService"))), m_search(new QLineEdit(this)),
      m_regex(new QToolButton(this)), m_case(new QToolButton(this)), m_error(new QLabel(this)),
      m_timeRange(new QComboBox(this)), m_since(new QDateTimeEdit(this)),
      m_until(new QDateTimeEdit(this)), m_clear(new QToolButton(this))
{
    setObjectName(QStringLiteral("logFilterBar"));
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &LogFilterBar::emitQuery);

    auto *levels = new QHBoxLayout;
    levels->setSpacing(2);
    for (int i = 0; i < kLogLevelCount; ++i) {
        const auto level = static_cast<LogLevel>(i);
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("logFilterLevel") + logLevelName(level));
        button->setText(logLevelName(level));
        button->setIcon(LogLevelStyle::icon(level));
        button->setIconSize(QSize(12, 12));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setCheckable(true);
        button->setChecked(true);
        connect(button, &QToolButton::toggled, this, &LogFilterBar::scheduleUpdate);
        levels->addWidget(button);
        m_levelButtons[std::size_t(i)] = button;
    }

    m_search->setObjectName(QStringLiteral("logFilterSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(fontMetrics().averageCharWidth() * 18);
    connect(m_search, &QLineEdit::textChanged, this, &LogFilterBar::scheduleUpdate);
    for (QToolButton *toggle : {m_regex, m_case}) {
        toggle->setCheckable(true);
        connect(toggle, &QToolButton::toggled, this, &LogFilterBar::scheduleUpdate);
    }
    m_regex->setObjectName(QStringLiteral("logFilterRegex"));
    m_regex->setText(QStringLiteral(".*"));
    m_case->setObjectName(QStringLiteral("logFilterCase"));
    m_case->setText(QStringLiteral("Aa"));
    m_error->setObjectName(QStringLiteral("logFilterError"));
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_timeRange->setObjectName(QStringLiteral("logFilterTimeRange"));
    // Follows its texts when the language changes (the default keeps the first one's width).
    m_timeRange->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (int i = 0; i < 4; ++i)
        m_timeRange->addItem(QString(), i);
    connect(m_timeRange, &QComboBox::currentIndexChanged, this, [this] {
        const auto range = static_cast<TimeRange>(m_timeRange->currentData().toInt());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_rangeStartMs = range == TimeRange::LastFiveMinutes ? now - kFiveMinutesMs : now - kHourMs;
        showTimeRange();
        scheduleUpdate();
    });
    const QDateTime now = QDateTime::currentDateTime();
    m_since->setObjectName(QStringLiteral("logFilterSince"));
    m_until->setObjectName(QStringLiteral("logFilterUntil"));
    m_since->setDateTime(now.addSecs(-3600));
    m_until->setDateTime(QDateTime(now.date().addDays(1), QTime(0, 0)));
    for (QDateTimeEdit *edit : {m_since, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &LogFilterBar::scheduleUpdate);
    }

    m_clear->setObjectName(QStringLiteral("logFilterClear"));
    m_clear->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_clear, &QToolButton::clicked, this, &LogFilterBar::clear);

    auto *firstRow = new QHBoxLayout;
    firstRow->addLayout(levels);
    firstRow->addSpacing(8);
    firstRow->addWidget(m_search, 1);
    firstRow->addWidget(m_regex);
    firstRow->addWidget(m_case);

    auto *secondRow = new QHBoxLayout;
    for (QComboBox *combo : {m_runner, m_task, m_spec, m_service})
        secondRow->addWidget(combo);
    secondRow->addSpacing(8);
    secondRow->addWidget(m_timeRange);
    secondRow->addWidget(m_since);
    secondRow->addWidget(m_until);
    secondRow->addStretch(1);
    secondRow->addWidget(m_clear);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    layout->addLayout(firstRow);
    layout->addWidget(m_error);
    layout->addLayout(secondRow);

    showTimeRange();
    retranslateUi();
    chainTabOrder(nullptr);
    m_search->installEventFilter(this);
    for (QComboBox *combo : {m_runner, m_task, m_spec, m_service})
        combo->lineEdit()->installEventFilter(this);
}

void LogFilterBar::chainTabOrder(QWidget *next)
{
    // Level toggles and search options first, then the search box followed by the choosers and
    // the time range, so that Tab from the search reaches the choosers and then the table.
    QList<QWidget *> order;
    for (QToolButton *button : m_levelButtons)
        order.append(button);
    order << m_regex << m_case << m_clear << m_search << m_runner << m_task << m_spec << m_service
          << m_timeRange << m_since << m_until;
    if (next)
        order << next;
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));
}

bool LogFilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *edit = qobject_cast<QLineEdit *>(watched);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (!edit || key->modifiers() != Qt::NoModifier)
        return QWidget::eventFilter(watched, event);
    if (key->key() == Qt::Key_Escape && !edit->text().isEmpty()) {
        // Escape empties the field it is pressed in; a second Escape goes on to the window.
        edit->clear();
        m_debounce.stop();
        emitQuery();
        return true;
    }
    if (edit == m_search && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter ||
                             key->key() == Qt::Key_Down)) {
        m_debounce.stop();
        emitQuery();
        Q_EMIT resultsFocusRequested();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QComboBox *LogFilterBar::makeChooser(const QString &objectName)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(objectName);
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->setMinimumContentsLength(8);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->addItem(QString());
    combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    connect(combo, &QComboBox::editTextChanged, this, &LogFilterBar::scheduleUpdate);
    return combo;
}

QComboBox *LogFilterBar::chooser(LogField field) const
{
    switch (field) {
    case LogField::RunnerId:
        return m_runner;
    case LogField::TaskId:
        return m_task;
    case LogField::SpecName:
        return m_spec;
    case LogField::Service:
        return m_service;
    default:
        return nullptr;
    }
}

void LogFilterBar::addFieldValues(LogField field, const QStringList &values)
{
    QComboBox *combo = chooser(field);
    if (!combo)
        return;
    const QString typed = combo->currentText();
    const QSignalBlocker blocker(combo);
    for (const QString &value : values) {
        if (value.isEmpty() || combo->findText(value, Qt::MatchExactly) >= 0)
            continue;
        int at = 1;
        while (at < combo->count() &&
               QString::compare(combo->itemText(at), value, Qt::CaseInsensitive) < 0)
            ++at;
        combo->insertItem(at, value);
    }
    if (combo->currentText() != typed)
        combo->setEditText(typed);
}

LogQuery LogFilterBar::query() const
{
    LogQuery query;
    query.levelMask = 0;
    for (int i = 0; i < kLogLevelCount; ++i) {
        if (m_levelButtons[std::size_t(i)]->isChecked())
            query.levelMask |= quint8(1u << i);
    }
    for (LogField field :
         {LogField::RunnerId, LogField::TaskId, LogField::SpecName, LogField::Service}) {
        const QString value = chooser(field)->currentText().trimmed();
        if (!value.isEmpty())
            query.field(field) = value;
    }
    query.text = m_search->text();
    query.textMode = m_regex->isChecked() ? LogQuery::TextMode::RegularExpression
                                          : LogQuery::TextMode::Substring;
    query.caseSensitivity = m_case->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive;
    switch (static_cast<TimeRange>(m_timeRange->currentData().toInt())) {
    case TimeRange::All:
        break;
    case TimeRange::LastFiveMinutes:
    case TimeRange::LastHour:
        query.sinceMs = m_rangeStartMs;
        break;
    case TimeRange::Custom:
        query.sinceMs = m_since->dateTime().toMSecsSinceEpoch();
        query.untilMs = m_until->dateTime().toMSecsSinceEpoch();
        break;
    }
    return query;
}

QString LogFilterBar::errorText() const
{
    return query().errorString();
}

void LogFilterBar::setRunFilter(const QString &runnerId, const QString &taskId)
{
    m_runner->setEditText(runnerId);
    m_task->setEditText(taskId);
    m_debounce.stop();
    emitQuery();
}

void LogFilterBar::setTimeRange(TimeRange range)
{
    m_timeRange->setCurrentIndex(m_timeRange->findData(int(range)));
}

void LogFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LogFilterBar::clear()
{
    {
        const QSignalBlocker blockSearch(m_search);
        const QSignalBlocker blockRegex(m_regex);
        const QSignalBlocker blockCase(m_case);
        const QSignalBlocker blockRange(m_timeRange);
        for (QToolButton *button : m_levelButtons) {
            const QSignalBlocker blockLevel(button);
            button->setChecked(true);
        }
        for (QComboBox *combo : {m_runner, m_task, m_spec, m_service}) {
            const QSignalBlocker blockCombo(combo);
            combo->setEditText(QString());
        }
        m_search->clear();
        m_regex->setChecked(false);
        m_case->setChecked(false);
        m_timeRange->setCurrentIndex(0);
    }
    showTimeRange();
    m_debounce.stop();
    emitQuery();
}

void LogFilterBar::scheduleUpdate()
{
    m_debounce.start();
}

void LogFilterBar::emitQuery()
{
    const LogQuery current = query();
    const QString error = current.errorString();
    m_error->setText(error.isEmpty() ? QString() : tr("Invalid regular expression: %1").arg(error));
    m_error->setVisible(!error.isEmpty());
    m_search->setStyleSheet(error.isEmpty() ? QString() : kInvalidSearchStyle);
    if (error.isEmpty())
        Q_EMIT queryChanged(current);
}

void LogFilterBar::showTimeRange()
{
    const bool custom =
        static_cast<TimeRange>(m_timeRange->currentData().toInt()) == TimeRange::Custom;
    m_since->setVisible(custom);
    m_until->setVisible(custom);
}

void LogFilterBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LogFilterBar::retranslateUi()
{
    for (int i = 0; i < kLogLevelCount; ++i)
        m_levelButtons[std::size_t(i)]->setToolTip(
            tr("Show %1 entries").arg(logLevelName(static_cast<LogLevel>(i))));
    m_runner->lineEdit()->setPlaceholderText(tr("Runner"));
    m_task->lineEdit()->setPlaceholderText(tr("Task"));
    m_spec->lineEdit()->setPlaceholderText(tr("Spec"));
    m_service->lineEdit()->setPlaceholderText(tr("Service"));
    m_runner->setToolTip(tr("Show only entries of this runner"));
    m_task->setToolTip(tr("Show only entries of this task"));
    m_spec->setToolTip(tr("Show only entries of this spec"));
    m_service->setToolTip(tr("Show only calls to this service"));
    m_search->setPlaceholderText(tr("Search messages…"));
    m_regex->setToolTip(tr("Search with a regular expression"));
    m_case->setToolTip(tr("Match case"));
    m_timeRange->setItemText(int(TimeRange::All), tr("All time"));
    m_timeRange->setItemText(int(TimeRange::LastFiveMinutes), tr("Last 5 minutes"));
    m_timeRange->setItemText(int(TimeRange::LastHour), tr("Last hour"));
    m_timeRange->setItemText(int(TimeRange::Custom), tr("Custom range"));
    m_timeRange->setToolTip(tr("Show only entries in this time range"));
    m_since->setToolTip(tr("From (inclusive)"));
    m_until->setToolTip(tr("Until (inclusive)"));
    m_clear->setText(tr("Clear Filter"));
    m_clear->setToolTip(tr("Show every entry again"));
    if (!m_error->isHidden())
        emitQuery();
}

} // namespace necrocode
