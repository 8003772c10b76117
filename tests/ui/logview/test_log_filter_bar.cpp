// LogFilterBar: the LogQuery its controls build, debouncing, invalid regular expressions, the
// choosers, time ranges, the run filter and clearing.
#include "logview/LogFilterBar.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace necrocode;

class TestLogFilterBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void startsWithTheQueryThatShowsEverything();
    void levelTogglesBuildTheLevelMask();
    void debouncesTyping();
    void invalidRegularExpressionIsShownAndNotApplied();
    void searchOptionsReachTheQuery();
    void choosersOfferSeenValuesInOrder();
    void chooserTextFiltersItsField();
    void quickTimeRanges_data();
    void quickTimeRanges();
    void customTimeRangeUsesBothEnds();
    void runFilterAppliesAtOnce();
    void clearShowsEverythingAgain();
    void escapeEmptiesTheFieldItIsPressedIn();
    void returnInTheSearchAsksForTheResults();
    void tabFromTheSearchReachesEveryChooser();

private:
    template <typename T> T *child(const char *name) const
    {
        T *found = m_bar->findChild<T *>(QString::fromLatin1(name));
        return found;
    }
    LogQuery nextQuery();

    std::unique_ptr<LogFilterBar> m_bar;
};

void TestLogFilterBar::init()
{
    m_bar = std::make_unique<LogFilterBar>();
    m_bar->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_bar.get()));
}

void TestLogFilterBar::cleanup()
{
    m_bar.reset();
}

LogQuery TestLogFilterBar::nextQuery()
{
    QSignalSpy changed(m_bar.get(), &LogFilterBar::queryChanged);
    if (!changed.wait(1000))
        return LogQuery{};
    return changed.last().at(0).value<LogQuery>();
}

void TestLogFilterBar::startsWithTheQueryThatShowsEverything()
{
    QCOMPARE(m_bar->query(), LogQuery());
    QVERIFY(m_bar->errorText().isEmpty());
}

void TestLogFilterBar::levelTogglesBuildTheLevelMask()
{
    child<QToolButton>("logFilterLevelDEBUG")->click();
    child<QToolButton>("logFilterLevelINFO")->click();
    const LogQuery query = nextQuery();
    QVERIFY(!query.acceptsLevel(LogLevel::Debug));
    QVERIFY(!query.acceptsLevel(LogLevel::Info));
    QVERIFY(query.acceptsLevel(LogLevel::Warning));
    QVERIFY(query.acceptsLevel(LogLevel::Error));
    QVERIFY(query.acceptsLevel(LogLevel::Critical));
}

void TestLogFilterBar::debouncesTyping()
{
    QSignalSpy changed(m_bar.get(), &LogFilterBar::queryChanged);
    auto *search = child<QLineEdit>("logFilterSearch");
    QTest::keyClicks(search, QStringLiteral("rate_limit"));
    QCOMPARE(changed.count(), 0);
    QTest::qWait(LogFilterBar::kDebounceMs * 3);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<LogQuery>().text, QStringLiteral("rate_limit"));
}

void TestLogFilterBar::invalidRegularExpressionIsShownAndNotApplied()
{
    QSignalSpy changed(m_bar.get(), &LogFilterBar::queryChanged);
    child<QToolButton>("logFilterRegex")->click();
    auto *search = child<QLineEdit>("logFilterSearch");
    QVERIFY(changed.wait());
    changed.clear();
    search->setText(QStringLiteral("(unclosed"));
    QTest::qWait(LogFilterBar::kDebounceMs * 3);
    QCOMPARE(changed.count(), 0);
    auto *error = child<QLabel>("logFilterError");
    QVERIFY(error->isVisible());
    QVERIFY(!error->text().isEmpty());
    QVERIFY(!m_bar->errorText().isEmpty());

    search->setText(QStringLiteral("(closed)"));
    QVERIFY(changed.wait());
    QVERIFY(error->isHidden());
    const auto query = changed.last().at(0).value<LogQuery>();
    QCOMPARE(query.textMode, LogQuery::TextMode::RegularExpression);
    QCOMPARE(query.text, QStringLiteral("(closed)"));
}

void TestLogFilterBar::searchOptionsReachTheQuery()
{
    child<QLineEdit>("logFilterSearch")->setText(QStringLiteral("Slot"));
    child<QToolButton>("logFilterCase")->click();
    const LogQuery query = nextQuery();
    QCOMPARE(query.text, QStringLiteral("Slot"));
    QCOMPARE(query.caseSensitivity, Qt::CaseSensitive);
    QCOMPARE(query.textMode, LogQuery::TextMode::Substring);
}

void TestLogFilterBar::choosersOfferSeenValuesInOrder()
{
    auto *runner = child<QComboBox>("logFilterRunner");
    m_bar->addFieldValues(LogField::RunnerId,
                          {QStringLiteral("runner-2"), QStringLiteral("runner-10")});
    m_bar->addFieldValues(LogField::RunnerId,
                          {QStringLiteral("runner-1"), QStringLiteral("runner-2")});
    QStringList items;
    for (int i = 0; i < runner->count(); ++i)
        items.append(runner->itemText(i));
    QCOMPARE(items, (QStringList{QString(), QStringLiteral("runner-1"), QStringLiteral("runner-10"),
                                 QStringLiteral("runner-2")}));
    QCOMPARE(runner->currentText(), QString());
}

void TestLogFilterBar::chooserTextFiltersItsField()
{
    child<QComboBox>("logFilterService")->setEditText(QStringLiteral("llm"));
    child<QComboBox>("logFilterSpec")->setEditText(QStringLiteral("demo-calculator"));
    const LogQuery query = nextQuery();
    QCOMPARE(query.service, std::optional<QString>(QStringLiteral("llm")));
    QCOMPARE(query.specName, std::optional<QString>(QStringLiteral("demo-calculator")));
    QVERIFY(!query.runnerId);
    QVERIFY(!query.taskId);
}

void TestLogFilterBar::quickTimeRanges_data()
{
    QTest::addColumn<int>("range");
    QTest::addColumn<qint64>("spanMs");
    QTest::newRow("last 5 minutes")
        << int(LogFilterBar::TimeRange::LastFiveMinutes) << qint64(5 * 60 * 1000);
    QTest::newRow("last hour") << int(LogFilterBar::TimeRange::LastHour) << qint64(3600 * 1000);
}

void TestLogFilterBar::quickTimeRanges()
{
    QFETCH(int, range);
    QFETCH(qint64, spanMs);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    m_bar->setTimeRange(static_cast<LogFilterBar::TimeRange>(range));
    const LogQuery query = nextQuery();
    QVERIFY(query.sinceMs.has_value());
    QVERIFY(!query.untilMs.has_value());
    QVERIFY(*query.sinceMs >= before - spanMs);
    QVERIFY(*query.sinceMs <= QDateTime::currentMSecsSinceEpoch() - spanMs);
    QVERIFY(child<QDateTimeEdit>("logFilterSince")->isHidden());

    m_bar->setTimeRange(LogFilterBar::TimeRange::All);
    const LogQuery all = nextQuery();
    QVERIFY(!all.sinceMs.has_value());
}

void TestLogFilterBar::customTimeRangeUsesBothEnds()
{
    m_bar->setTimeRange(LogFilterBar::TimeRange::Custom);
    auto *since = child<QDateTimeEdit>("logFilterSince");
    auto *until = child<QDateTimeEdit>("logFilterUntil");
    QVERIFY(since->isVisible());
    QVERIFY(until->isVisible());
    const QDateTime from(QDate(2026, 11, 27), QTime(9, 0));
    const QDateTime to(QDate(2026, 11, 27), QTime(18, 30));
    since->setDateTime(from);
    until->setDateTime(to);
    const LogQuery query = nextQuery();
    QCOMPARE(query.sinceMs, std::optional<qint64>(from.toMSecsSinceEpoch()));
    QCOMPARE(query.untilMs, std::optional<qint64>(to.toMSecsSinceEpoch()));
}

void TestLogFilterBar::runFilterAppliesAtOnce()
{
    QSignalSpy changed(m_bar.get(), &LogFilterBar::queryChanged);
    m_bar->setRunFilter(QStringLiteral("runner-2"), QStringLiteral("1.2"));
    QCOMPARE(changed.count(), 1);
    auto query = changed.last().at(0).value<LogQuery>();
    QCOMPARE(query.runnerId, std::optional<QString>(QStringLiteral("runner-2")));
    QCOMPARE(query.taskId, std::optional<QString>(QStringLiteral("1.2")));

    m_bar->setRunFilter(QString(), QString());
    query = changed.last().at(0).value<LogQuery>();
    QVERIFY(!query.runnerId);
    QVERIFY(!query.taskId);
}

void TestLogFilterBar::clearShowsEverythingAgain()
{
    child<QToolButton>("logFilterLevelINFO")->click();
    child<QToolButton>("logFilterRegex")->click();
    child<QLineEdit>("logFilterSearch")->setText(QStringLiteral("x+"));
    child<QComboBox>("logFilterTask")->setEditText(QStringLiteral("2.1"));
    m_bar->setTimeRange(LogFilterBar::TimeRange::LastHour);
    QVERIFY(!(nextQuery() == LogQuery()));

    QSignalSpy changed(m_bar.get(), &LogFilterBar::queryChanged);
    child<QToolButton>("logFilterClear")->click();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).value<LogQuery>(), LogQuery());
    QCOMPARE(m_bar->query(), LogQuery());
    QTest::qWait(LogFilterBar::kDebounceMs * 2);
    QCOMPARE(changed.count(), 1);
}

void TestLogFilterBar::escapeEmptiesTheFieldItIsPressedIn()
{
    auto *search = child<QLineEdit>("logFilterSearch");
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("timeout"));
    QCOMPARE(nextQuery().text, QStringLiteral("timeout"));
    QSignalSpy changed(m_bar.get(), &LogFilterBar::queryChanged);
    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QCOMPARE(changed.count(), 1); // at once, not after the debounce
    QVERIFY(changed.last().at(0).value<LogQuery>().text.isEmpty());

    auto *runner = child<QComboBox>("logFilterRunner");
    runner->lineEdit()->setFocus();
    QTest::keyClicks(runner->lineEdit(), QStringLiteral("runner-2"));
    QCOMPARE(nextQuery().runnerId, std::optional<QString>(QStringLiteral("runner-2")));
    QTest::keyClick(runner->lineEdit(), Qt::Key_Escape);
    QVERIFY(runner->currentText().isEmpty());
    QVERIFY(!m_bar->query().runnerId);
}

void TestLogFilterBar::returnInTheSearchAsksForTheResults()
{
    auto *search = child<QLineEdit>("logFilterSearch");
    search->setFocus();
    QSignalSpy wanted(m_bar.get(), &LogFilterBar::resultsFocusRequested);
    QSignalSpy changed(m_bar.get(), &LogFilterBar::queryChanged);
    QTest::keyClicks(search, QStringLiteral("slot"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(wanted.count(), 1);
    QVERIFY(!changed.isEmpty()); // the typed text applies before the focus moves
    QCOMPARE(changed.last().at(0).value<LogQuery>().text, QStringLiteral("slot"));
    QTest::keyClick(search, Qt::Key_Down);
    QCOMPARE(wanted.count(), 2);
}

void TestLogFilterBar::tabFromTheSearchReachesEveryChooser()
{
    auto *search = child<QLineEdit>("logFilterSearch");
    search->setFocus();
    QTRY_VERIFY(search->hasFocus());
    QStringList reached;
    for (int press = 0; press < 5; ++press) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *focused = QApplication::focusWidget();
        QVERIFY(focused);
        // An editable chooser gives its focus to its line edit.
        QWidget *named =
            qobject_cast<QComboBox *>(focused->parentWidget()) ? focused->parentWidget() : focused;
        reached.append(named->objectName());
    }
    QCOMPARE(reached,
             (QStringList{QStringLiteral("logFilterRunner"), QStringLiteral("logFilterTask"),
                          QStringLiteral("logFilterSpec"), QStringLiteral("logFilterService"),
                          QStringLiteral("logFilterTimeRange")}));
}

QTEST_MAIN(TestLogFilterBar)
#include "test_log_filter_bar.moc"
