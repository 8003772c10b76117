// The health panel: for every source ("local" and each attached worker) one indicator per
// external service — a coloured dot, the state in words, latency and last check, the last error
// in a tooltip — and the state of the console's own health server.
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace necrocode {

class HealthModel;

class HealthPanel : public QWidget
{
    Q_OBJECT

public:
    explicit HealthPanel(HealthModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // Wide enough for every column, so that a side dock shows the whole table.
    QSize sizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;

private:
    // Room for the widest text the column can show (any state, any time of day, the four
    // service names), so that the dock sized by it fits whatever is checked next.
    int expectedColumnWidth(int column) const;
    void retranslateUi();
    void updateServer();
    void updateSourceColumn();

    HealthModel *m_model;
    QLabel *m_serverDot = nullptr;
    QLabel *m_serverText = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace necrocode
