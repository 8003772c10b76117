// The bar that floats over the bottom of the log table while following is paused:
// "Paused — N new entries" and a "Jump to latest" button.
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace necrocode {

class LogFollowBanner : public QFrame
{
    Q_OBJECT

public:
    explicit LogFollowBanner(QWidget *parent = nullptr);

    void setNewEntries(qsizetype count);
    qsizetype newEntries() const { return m_newEntries; }
    QString text() const;

Q_SIGNALS:
    void jumpRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_label;
    QPushButton *m_jumpButton;
    qsizetype m_newEntries = 0;
};

} // namespace necrocode
