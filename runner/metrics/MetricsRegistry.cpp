#include "metrics/MetricsRegistry.h"

#include "metrics/NumberText.h"
#include "metrics/PrometheusText.h"

#include <QDebug>

#include <algorithm>
#include <cmath>

namespace necrocode {

namespace {

const char *typeName(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    }
    return "untyped";
}

// The names a family's samples use; two families must not share any.
QStringList sampleNames(const QString &name, MetricType type)
{
    if (type != MetricType::Histogram)
        return {name};
    return {name, name + QStringLiteral("_bucket"), name + QStringLiteral("_sum"),
            name + QStringLiteral("_count")};
}

Error registrationError(const QString &name, const QString &problem)
{
    return makeError(QStringLiteral("metric '%1': %2").arg(name, problem),
                     QStringLiteral("config"));
}

} // namespace

// ---- MetricFamily ----

MetricFamily::MetricFamily(QString name, QString help, QStringList labelNames, MetricType type)
    : m_name(std::move(name)), m_help(std::move(help)), m_labelNames(std::move(labelNames)),
      m_type(type)
{}

MetricFamily::~MetricFamily() = default;

bool MetricFamily::acceptsLabels(const QStringList &labelValues) const
{
    if (labelValues.size() == m_labelNames.size())
        return true;
    qWarning("metric %s expects %lld label values, got %lld; sample ignored", qPrintable(m_name),
             static_cast<long long>(m_labelNames.size()),
             static_cast<long long>(labelValues.size()));
    return false;
}

void MetricFamily::appendHeader(QByteArray &out) const
{
    const QByteArray name = m_name.toUtf8();
    out.append("# HELP ").append(name).append(' ');
    prometheus::appendEscapedHelp(out, m_help);
    out.append("\n# TYPE ").append(name).append(' ').append(typeName(m_type)).append('\n');
}

void MetricFamily::appendSeriesName(QByteArray &out, const char *suffix,
                                    const QStringList &labelValues, const QByteArray &le) const
{
    out.append(m_name.toUtf8()).append(suffix);
    if (m_labelNames.isEmpty() && le.isEmpty())
        return;
    out.append('{');
    for (qsizetype i = 0; i < m_labelNames.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(m_labelNames[i].toUtf8()).append("=\"");
        prometheus::appendEscapedLabelValue(out, labelValues[i]);
        out.append('"');
    }
    if (!le.isEmpty()) {
        if (!m_labelNames.isEmpty())
            out.append(',');
        out.append("le=\"").append(le).append('"');
    }
    out.append('}');
}

// ---- ScalarFamily ----

ScalarFamily::ScalarFamily(QString name, QString help, QStringList labelNames, MetricType type)
    : MetricFamily(std::move(name), std::move(help), std::move(labelNames), type)
{
    if (this->labelNames().isEmpty())
        m_values[{}] = 0.0;
}

double ScalarFamily::value(const QStringList &labelValues) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_values.find(labelValues);
    return it == m_values.end() ? 0.0 : it->second;
}

void ScalarFamily::appendExposition(QByteArray &out) const
{
    appendHeader(out);
    QMutexLocker lock(&m_mutex);
    for (const auto &[labels, value] : m_values) {
        appendSeriesName(out, "", labels);
        out.append(' ');
        prometheus::appendSampleValue(out, value);
        out.append('\n');
    }
}

// ---- CounterFamily ----

CounterFamily::CounterFamily(QString name, QString help, QStringList labelNames)
    : ScalarFamily(std::move(name), std::move(help), std::move(labelNames), MetricType::Counter)
{}

void CounterFamily::inc(const QStringList &labelValues, double amount)
{
    if (!(amount >= 0.0))
        return;
    update(labelValues, [amount](double &value) { value += amount; });
}

// ---- GaugeFamily ----

GaugeFamily::GaugeFamily(QString name, QString help, QStringList labelNames)
    : ScalarFamily(std::move(name), std::move(help), std::move(labelNames), MetricType::Gauge)
{}

void GaugeFamily::set(const QStringList &labelValues, double value)
{
    update(labelValues, [value](double &current) { current = value; });
}

void GaugeFamily::add(const QStringList &labelValues, double delta)
{
    update(labelValues, [delta](double &current) { current += delta; });
}

// ---- HistogramFamily ----

HistogramFamily::HistogramFamily(QString name, QString help, QStringList labelNames,
                                 QList<double> upperBounds)
    : MetricFamily(std::move(name), std::move(help), std::move(labelNames), MetricType::Histogram),
      m_upperBounds(std::move(upperBounds))
{
    for (const double bound : std::as_const(m_upperBounds))
        m_boundTexts.append(shortestNumberText(bound));
    if (this->labelNames().isEmpty())
        m_series.emplace(QStringList{}, newSeries());
}

HistogramFamily::Series HistogramFamily::newSeries() const
{
    Series series;
    series.bucketCounts.fill(0, m_upperBounds.size() + 1);
    return series;
}

void HistogramFamily::observe(const QStringList &labelValues, double value)
{
    if (!acceptsLabels(labelValues) || std::isnan(value))
        return;
    const auto bucket = std::lower_bound(m_upperBounds.cbegin(), m_upperBounds.cend(), value) -
                        m_upperBounds.cbegin();
    QMutexLocker lock(&m_mutex);
    auto it = m_series.find(labelValues);
    if (it == m_series.end())
        it = m_series.emplace(labelValues, newSeries()).first;
    ++it->second.bucketCounts[bucket];
    it->second.sum += value;
    ++it->second.count;
}

HistogramSnapshot HistogramFamily::snapshot(const QStringList &labelValues) const
{
    HistogramSnapshot out;
    out.upperBounds = m_upperBounds;
    QMutexLocker lock(&m_mutex);
    const auto it = m_series.find(labelValues);
    const Series series = it == m_series.end() ? newSeries() : it->second;
    quint64 running = 0;
    for (const quint64 n : series.bucketCounts) {
        running += n;
        out.cumulativeCounts.append(running);
    }
    out.sum = series.sum;
    out.count = series.count;
    return out;
}

void HistogramFamily::appendExposition(QByteArray &out) const
{
    appendHeader(out);
    QMutexLocker lock(&m_mutex);
    for (const auto &[labels, series] : m_series) {
        quint64 running = 0;
        for (qsizetype i = 0; i < series.bucketCounts.size(); ++i) {
            running += series.bucketCounts[i];
            const QByteArray le = i < m_boundTexts.size() ? m_boundTexts[i] : "+Inf";
            appendSeriesName(out, "_bucket", labels, le);
            out.append(' ').append(QByteArray::number(running)).append('\n');
        }
        appendSeriesName(out, "_sum", labels);
        out.append(' ');
        prometheus::appendSampleValue(out, series.sum);
        out.append('\n');
        appendSeriesName(out, "_count", labels);
        out.append(' ').append(QByteArray::number(series.count)).append('\n');
    }
}

// ---- MetricsRegistry ----

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry &MetricsRegistry::global()
{
    static MetricsRegistry registry;
    return registry;
}

Status MetricsRegistry::checkNewFamily(const QString &name, MetricType type,
                                       const QStringList &labelNames,
                                       const MetricFamily *existing) const
{
    if (existing) {
        if (existing->type() != type)
            return registrationError(name, QStringLiteral("already registered as a %1")
                                               .arg(QLatin1String(typeName(existing->type()))));
        if (existing->labelNames() != labelNames)
            return registrationError(name, QStringLiteral("already registered with labels [%1]")
                                               .arg(existing->labelNames().join(u',')));
        return Ok{};
    }
    if (!prometheus::isValidMetricName(name))
        return registrationError(name, QStringLiteral("invalid metric name"));
    for (const QString &label : labelNames) {
        if (!prometheus::isValidLabelName(label))
            return registrationError(name, QStringLiteral("invalid label name '%1'").arg(label));
        if (type == MetricType::Histogram && label == u"le")
            return registrationError(name, QStringLiteral("a histogram cannot have a label 'le'"));
        if (labelNames.count(label) > 1)
            return registrationError(name, QStringLiteral("label '%1' given twice").arg(label));
    }
    const QStringList wanted = sampleNames(name, type);
    for (const auto &[otherName, family] : m_families) {
        for (const QString &taken : sampleNames(otherName, family->type())) {
            if (wanted.contains(taken))
                return registrationError(
                    name,
                    QStringLiteral("its samples would clash with metric '%1'").arg(otherName));
        }
    }
    return Ok{};
}

Result<CounterFamily *> MetricsRegistry::counter(const QString &name, const QString &help,
                                                 const QStringList &labelNames)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_families.find(name);
    MetricFamily *existing = it == m_families.end() ? nullptr : it->second.get();
    if (const Status ok = checkNewFamily(name, MetricType::Counter, labelNames, existing); !ok)
        return ok.error();
    if (existing)
        return static_cast<CounterFamily *>(existing);
    auto family = std::make_unique<CounterFamily>(name, help, labelNames);
    CounterFamily *raw = family.get();
    m_families.emplace(name, std::move(family));
    return raw;
}

Result<GaugeFamily *> MetricsRegistry::gauge(const QString &name, const QString &help,
                                             const QStringList &labelNames)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_families.find(name);
    MetricFamily *existing = it == m_families.end() ? nullptr : it->second.get();
    if (const Status ok = checkNewFamily(name, MetricType::Gauge, labelNames, existing); !ok)
        return ok.error();
    if (existing)
        return static_cast<GaugeFamily *>(existing);
    auto family = std::make_unique<GaugeFamily>(name, help, labelNames);
    GaugeFamily *raw = family.get();
    m_families.emplace(name, std::move(family));
    return raw;
}

Result<HistogramFamily *> MetricsRegistry::histogram(const QString &name, const QString &help,
                                                     const QStringList &labelNames,
                                                     const QList<double> &upperBounds)
{
    QList<double> bounds = upperBounds;
    if (!bounds.isEmpty() && std::isinf(bounds.last()) && bounds.last() > 0)
        bounds.removeLast();
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            return registrationError(
                name, QStringLiteral("bucket bounds must be finite and strictly increasing"));
    }
    QMutexLocker lock(&m_mutex);
    const auto it = m_families.find(name);
    MetricFamily *existing = it == m_families.end() ? nullptr : it->second.get();
    if (const Status ok = checkNewFamily(name, MetricType::Histogram, labelNames, existing); !ok)
        return ok.error();
    if (existing) {
        auto *histogram = static_cast<HistogramFamily *>(existing);
        if (histogram->upperBounds() != bounds)
            return registrationError(name, QStringLiteral("already registered with other buckets"));
        return histogram;
    }
    auto family = std::make_unique<HistogramFamily>(name, help, labelNames, bounds);
    HistogramFamily *raw = family.get();
    m_families.emplace(name, std::move(family));
    return raw;
}

QByteArray MetricsRegistry::exposition() const
{
    QList<const MetricFamily *> families;
    {
        QMutexLocker lock(&m_mutex);
        families.reserve(qsizetype(m_families.size()));
        for (const auto &entry : m_families)
            families.append(entry.second.get());
    }
    QByteArray out;
    out.reserve(16384);
    for (const MetricFamily *family : std::as_const(families))
        family->appendExposition(out);
    return out;
}

} // namespace necrocode
