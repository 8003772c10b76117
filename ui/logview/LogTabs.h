// The log tables of the window: the live session (what the engine and attached workers log) and
// one tab per opened log file, each with a model of its own, so that a file never mixes into the
// session. Opening the same file again shows its tab instead of loading it twice. The tab bar
// shows only while a file is open.
#pragma once

#include <QStringList>
#include <QTabWidget>

namespace necrocode {

class LogTableModel;
class LogView;

class LogTabs : public QTabWidget
{
    Q_OBJECT

public:
    // The live view (with its model) is the first tab, which cannot be closed.
    explicit LogTabs(LogView *liveView, QWidget *parent = nullptr);

    LogView *liveView() const { return m_liveView; }
    LogView *currentView() const;
    LogTableModel *currentModel() const;
    QList<LogView *> views() const;
    // The view showing exactly these files, or nullptr.
    LogView *viewOfFiles(const QStringList &paths) const;

public Q_SLOTS:
    // Opens `paths` as one new tab and loads them; files already open get their tab shown.
    void openFiles(const QStringList &paths);
    // Asks for JSONL files, then opens them.
    void askAndOpenFiles();
    void closeFileTab(int index);

Q_SIGNALS:
    // A file tab was created; the window connects its signals like those of the live view.
    void viewAdded(necrocode::LogView *view);
    void currentViewChanged(necrocode::LogView *view);
    void notice(const QString &text, bool isError);

protected:
    void changeEvent(QEvent *event) override;

private:
    static QStringList fileKey(const QStringList &paths);
    void retranslateUi();

    LogView *m_liveView;
};

} // namespace necrocode
