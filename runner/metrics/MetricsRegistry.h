// Process-wide counters, gauges and histograms with label sets, exposed in the Prometheus text
// format (0.0.4) on /metrics. Thread-safe. MetricsRegistry::global() serves the process;
// separate instances keep tests independent.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>

namespace necrocode {

enum class MetricType { Counter, Gauge, Histogram };

// One metric name with its help text and label names; a series per distinct label value list.
// Recording with the wrong number of label values is a programming error: it is ignored with
// a warning.
class MetricFamily
{
public:
    virtual ~MetricFamily();
    MetricFamily(const MetricFamily &) = delete;
    MetricFamily &operator=(const MetricFamily &) = delete;

    const QString &name() const { return m_name; }
    const QString &help() const { return m_help; }
    const QStringList &labelNames() const { return m_labelNames; }
    MetricType type() const { return m_type; }

    virtual void appendExposition(QByteArray &out) const = 0;

protected:
    MetricFamily(QString name, QString help, QStringList labelNames, MetricType type);
    bool acceptsLabels(const QStringList &labelValues) const;
    void appendHeader(QByteArray &out) const;
    // name{l1="v1",l2="v2"[,le="bound"]}
    void appendSeriesName(QByteArray &out, const char *suffix, const QStringList &labelValues,
                          const QByteArray &le = {}) const;

    mutable QMutex m_mutex;

private:
    QString m_name;
    QString m_help;
    QStringList m_labelNames;
    MetricType m_type;
};

// A family of one number per label set (counters and gauges): its values and their exposition.
class ScalarFamily : public MetricFamily
{
public:
    double value(const QStringList &labelValues = {}) const;
    void appendExposition(QByteArray &out) const override;

protected:
    ScalarFamily(QString name, QString help, QStringList labelNames, MetricType type);
    // Applies `change` to the value of the series, under the lock; ignored for wrong labels.
    template <typename Change> void update(const QStringList &labelValues, Change change)
    {
        if (!acceptsLabels(labelValues))
            return;
        QMutexLocker lock(&m_mutex);
        change(m_values[labelValues]);
    }

private:
    std::map<QStringList, double> m_values;
};

class CounterFamily : public ScalarFamily
{
public:
    CounterFamily(QString name, QString help, QStringList labelNames);
    // Negative and NaN amounts are ignored: a counter only goes up.
    void inc(const QStringList &labelValues = {}, double amount = 1.0);
};

class GaugeFamily : public ScalarFamily
{
public:
    GaugeFamily(QString name, QString help, QStringList labelNames);
    void set(const QStringList &labelValues, double value);
    void add(const QStringList &labelValues, double delta);
};

struct HistogramSnapshot
{
    QList<double> upperBounds;       // finite, increasing; +Inf is implied
    QList<quint64> cumulativeCounts; // one per upper bound, then the +Inf bucket (== count)
    double sum = 0.0;
    quint64 count = 0;
};

class HistogramFamily : public MetricFamily
{
public:
    HistogramFamily(QString name, QString help, QStringList labelNames, QList<double> upperBounds);
    // A value lands in the first bucket whose upper bound is >= value. NaN is ignored.
    void observe(const QStringList &labelValues, double value);
    HistogramSnapshot snapshot(const QStringList &labelValues = {}) const;
    const QList<double> &upperBounds() const { return m_upperBounds; }
    void appendExposition(QByteArray &out) const override;

private:
    struct Series
    {
        QList<quint64> bucketCounts; // per bucket, not cumulative; last is (last bound, +Inf)
        double sum = 0.0;
        quint64 count = 0;
    };
    Series newSeries() const;

    QList<double> m_upperBounds;
    QList<QByteArray> m_boundTexts;
    std::map<QStringList, Series> m_series;
};

class MetricsRegistry
{
public:
    MetricsRegistry();
    ~MetricsRegistry();
    MetricsRegistry(const MetricsRegistry &) = delete;
    MetricsRegistry &operator=(const MetricsRegistry &) = delete;

    static MetricsRegistry &global();

    // Registering a name again returns the existing family when type, label names (and bucket
    // bounds) match, and an error naming the metric otherwise. Families live as long as the
    // registry. Label-less families expose their single series from the start (value 0).
    Result<CounterFamily *> counter(const QString &name, const QString &help,
                                    const QStringList &labelNames = {});
    Result<GaugeFamily *> gauge(const QString &name, const QString &help,
                                const QStringList &labelNames = {});
    Result<HistogramFamily *> histogram(const QString &name, const QString &help,
                                        const QStringList &labelNames,
                                        const QList<double> &upperBounds);

    // Families sorted by name, series sorted by label values.
    QByteArray exposition() const;

private:
    Status checkNewFamily(const QString &name, MetricType type, const QStringList &labelNames,
                          const MetricFamily *existing) const;

    mutable QMutex m_mutex;
    std::map<QString, std::unique_ptr<MetricFamily>> m_families;
};

} // namespace necrocode
