// The controls above the log table that build its LogQuery: level toggles, runner / task / spec /
// service choosers, message search (substring or regular expression, with or without case) and a
// time range. Changes are debounced; an invalid regular expression is shown and not applied.
// Escape empties the search or chooser it is pressed in; Return or Down in the search moves on to
// the results.
#pragma once

#include "logstore/LogQuery.h"

#include <QTimer>
#include <QWidget>

#include <array>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QToolButton;

namespace necrocode {

class LogFilterBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 150;

    enum class TimeRange { All, LastFiveMinutes, LastHour, Custom };

    explicit LogFilterBar(QWidget *parent = nullptr);

    // The query the controls describe now (with the search text even when it is invalid).
    LogQuery query() const;
    // Why the search cannot run (an invalid regular expression), or empty.
    QString errorText() const;

    // Offers `values` in the chooser of `field` (runner, task, spec or service).
    void addFieldValues(LogField field, const QStringList &values);
    // Shows only one run's entries; empty values lift that part of the filter.
    void setRunFilter(const QString &runnerId, const QString &taskId);
    void setTimeRange(TimeRange range);
    void focusSearch();
    // Orders the controls for Tab (search, then the choosers and the time range) and puts
    // `next` (the log table) right after them; called again once the bar is in its window.
    void chainTabOrder(QWidget *next);

public Q_SLOTS:
    void clear();

Q_SIGNALS:
    // A valid query, at most every kDebounceMs while the user types.
    void queryChanged(const necrocode::LogQuery &query);
    // Return or Down in the search box: the user wants to go through the results.
    void resultsFocusRequested();

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QComboBox *chooser(LogField field) const;
    QComboBox *makeChooser(const QString &objectName);
    void retranslateUi();
    void scheduleUpdate();
    void emitQuery();
    void showTimeRange();

    std::array<QToolButton *, 5> m_levelButtons{};
    QComboBox *m_runner;
    QComboBox *m_task;
    QComboBox *m_spec;
    QComboBox *m_service;
    QLineEdit *m_search;
    QToolButton *m_regex;
    QToolButton *m_case;
    QLabel *m_error;
    QComboBox *m_timeRange;
    QDateTimeEdit *m_since;
    QDateTimeEdit *m_until;
    QToolButton *m_clear;
    QTimer m_debounce;
    qint64 m_rangeStartMs = 0; // start of a "last ..." range, fixed when it is chosen
};

} // namespace necrocode
