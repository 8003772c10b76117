// The LLM calls table: coalesced inserts, the columns, and the per-call series the charts use.
#include "PanelTestData.h"
#include "prompt/LlmCallLog.h"
#include "prompt/LlmCallsModel.h"
#include "runs/RunsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace necrocode;
using testdata::exchange;

class TestLlmCallsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coalescesExchangesIntoOneInsert()
    {
        LlmCallLog calls;
        LlmCallsModel model(&calls);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &LlmCallsModel::rowsInserted);
        for (int i = 0; i < 25; ++i)
            calls.enqueue(exchange(QString::number(i), QStringLiteral("a"), 1000 + i, 0.5));
        QCOMPARE(model.rowCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 25, 1000);
        QCOMPARE(inserted.size(), 1);
        for (int round = 0; round < 4; ++round) {
            for (int i = 0; i < 10; ++i)
                calls.enqueue(exchange(QString::number(i), QStringLiteral("b"), 2000 + i, 0.1));
            calls.applyPending();
        }
        QCOMPARE(model.rowCount(), 65);
        QCOMPARE(model.exchange(64).runId, QStringLiteral("b"));
    }

    void showsTheCallsFigures()
    {
        LlmCallLog calls;
        LlmCallsModel model(&calls);
        LlmExchange streamed =
            exchange(QStringLiteral("1"), QStringLiteral("a"), 1000, 2.5, 1500, 321);
        streamed.response.timeToFirstTokenSeconds = 0.25;
        streamed.response.finishReason = QStringLiteral("length");
        LlmExchange failed = exchange(QStringLiteral("2"), QStringLiteral("a"), 2000, 30.0, 0, 0);
        failed.error = QStringLiteral("no answer within 30 s");
        failed.errorType = QStringLiteral("timeout");
        calls.append({streamed, failed});

        const auto text = [&model](int row, int column) {
            return model.data(model.index(row, column)).toString();
        };
        QCOMPARE(text(0, LlmCallsModel::RunnerColumn), QStringLiteral("runner-a"));
        QCOMPARE(text(0, LlmCallsModel::TaskColumn), QStringLiteral("task-a"));
        QCOMPARE(text(0, LlmCallsModel::ModelColumn), QStringLiteral("scripted-model"));
        QCOMPARE(text(0, LlmCallsModel::PromptTokensColumn), QLocale().toString(1500));
        QCOMPARE(text(0, LlmCallsModel::CompletionTokensColumn), QStringLiteral("321"));
        QCOMPARE(text(0, LlmCallsModel::LatencyColumn), QStringLiteral("2.50 s"));
        QCOMPARE(text(0, LlmCallsModel::TimeToFirstTokenColumn), QStringLiteral("250 ms"));
        QCOMPARE(text(0, LlmCallsModel::FinishReasonColumn), QStringLiteral("length"));
        QCOMPARE(text(0, LlmCallsModel::StatusColumn), QStringLiteral("OK"));
        QCOMPARE(text(1, LlmCallsModel::TimeToFirstTokenColumn), QString());
        QCOMPARE(text(1, LlmCallsModel::StatusColumn),
                 QStringLiteral("timeout: no answer within 30 s"));
        QCOMPARE(model.data(model.index(1, LlmCallsModel::StatusColumn), Qt::ForegroundRole)
                     .value<QColor>(),
                 RunsModel::outcomeColor(RunOutcome::Failed));
        QVERIFY(model.data(model.index(1, 0), LlmCallsModel::FailedRole).toBool());
    }

    void keepsOneSeriesEntryPerCall()
    {
        LlmCallLog calls;
        LlmCallsModel model(&calls);
        QMap<QString, ModelPrice> prices;
        prices.insert(QStringLiteral("priced-model"), ModelPrice{2.0, 10.0});
        calls.setPrices(prices);
        LlmExchange priced =
            exchange(QStringLiteral("1"), QStringLiteral("a"), 1000, 1.0, 1000000, 100000);
        priced.response.model = QStringLiteral("priced-model-2025"); // no price: falls back
        priced.request.model = QStringLiteral("priced-model");
        LlmExchange streamed = exchange(QStringLiteral("2"), QStringLiteral("b"), 3000, 2.0);
        streamed.response.timeToFirstTokenSeconds = 0.5;
        calls.append({priced, streamed});

        const LlmCallSeries &series = calls.series();
        QCOMPARE(series.size(), std::size_t(2));
        QCOMPARE(series.startedAtMs, (std::vector<qint64>{1000, 3000}));
        QCOMPARE(series.promptTokens, (std::vector<double>{1000000, 100}));
        QCOMPARE(series.latencySeconds, (std::vector<double>{1.0, 2.0}));
        QVERIFY(std::isnan(series.timeToFirstTokenSeconds[0]));
        QCOMPARE(series.timeToFirstTokenSeconds[1], 0.5);
        QCOMPARE(series.costUsd[0], 2.0 + 1.0);
        QVERIFY(std::isnan(series.costUsd[1]));
        QCOMPARE(series.runIndex[0], series.runIndexOf(RunsModel::runKey(QStringLiteral("local"),
                                                                         QStringLiteral("a"))));
        QVERIFY(series.runIndex[0] != series.runIndex[1]);
    }
};

QTEST_MAIN(TestLlmCallsModel)
#include "test_llm_calls_model.moc"
