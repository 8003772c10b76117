// What the log table shows instead of a blank area when it holds entries but the filter matches
// none of them: "No entries match the filter" and a button that clears the filter.
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace necrocode {

class LogNoMatchNotice : public QFrame
{
    Q_OBJECT

public:
    explicit LogNoMatchNotice(QWidget *parent = nullptr);

    // `total`: entries in the table that the filter hides.
    void setHiddenEntries(qsizetype total);
    QString text() const;

Q_SIGNALS:
    void clearFilterRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_label;
    QPushButton *m_clearButton;
    qsizetype m_hidden = 0;
};

} // namespace necrocode
