#include "metrics/PrometheusReader.h"

#include <cmath>

namespace necrocode {

namespace {

Error badLine(int number, QByteArrayView line, const char *why)
{
    return makeError(QStringLiteral("metrics line %1 is not a sample (%2): %3")
                         .arg(number)
                         .arg(QLatin1String(why),
                              QString::fromUtf8(line.first(std::min<qsizetype>(line.size(), 120)))),
                     QStringLiteral("parse"));
}

// Reads {name="value",...} starting after the '{'; returns the position after the '}'.
std::optional<qsizetype> readLabels(QByteArrayView line, qsizetype at,
                                    QMap<QString, QString> &labels)
{
    while (at < line.size()) {
        while (at < line.size() && (line[at] == ',' || line[at] == ' '))
            ++at;
        if (at < line.size() && line[at] == '}')
            return at + 1;
        const qsizetype eq = line.indexOf('=', at);
        if (eq < 0 || eq + 1 >= line.size() || line[eq + 1] != '"')
            return std::nullopt;
        const QString key = QString::fromUtf8(line.sliced(at, eq - at)).trimmed();
        QByteArray value;
        qsizetype i = eq + 2;
        for (; i < line.size() && line[i] != '"'; ++i) {
            if (line[i] == '\\' && i + 1 < line.size()) {
                ++i;
                value += line[i] == 'n' ? '\n' : line[i];
            } else {
                value += line[i];
            }
        }
        if (i >= line.size())
            return std::nullopt;
        labels.insert(key, QString::fromUtf8(value));
        at = i + 1;
    }
    return std::nullopt;
}

std::optional<double> readValue(QByteArrayView text)
{
    const QByteArray token = text.trimmed().toByteArray().split(' ').constFirst();
    if (token == "+Inf")
        return INFINITY;
    if (token == "-Inf")
        return -INFINITY;
    if (token == "NaN")
        return NAN;
    bool ok = false;
    const double value = token.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

} // namespace

Result<QList<PrometheusSample>> parsePrometheusText(QByteArrayView text)
{
    QList<PrometheusSample> samples;
    int number = 0;
    for (QByteArrayView rest = text; !rest.isEmpty();) {
        const qsizetype end = rest.indexOf('\n');
        const QByteArrayView line = (end < 0 ? rest : rest.first(end)).trimmed();
        rest = end < 0 ? QByteArrayView() : rest.sliced(end + 1);
        ++number;
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        PrometheusSample sample;
        qsizetype at = 0;
        while (at < line.size() && line[at] != '{' && line[at] != ' ')
            ++at;
        sample.name = QString::fromUtf8(line.first(at));
        if (sample.name.isEmpty())
            return badLine(number, line, "no metric name");
        if (at < line.size() && line[at] == '{') {
            const auto after = readLabels(line, at + 1, sample.labels);
            if (!after)
                return badLine(number, line, "unterminated labels");
            at = *after;
        }
        const auto value = readValue(line.sliced(at));
        if (!value)
            return badLine(number, line, "no value");
        sample.value = *value;
        samples.append(std::move(sample));
    }
    return samples;
}

double sumSamples(const QList<PrometheusSample> &samples, const QString &name,
                  const QMap<QString, QString> &match)
{
    double sum = 0.0;
    for (const PrometheusSample &sample : samples) {
        if (sample.name != name)
            continue;
        bool matches = true;
        for (auto it = match.cbegin(); it != match.cend() && matches; ++it)
            matches = sample.labels.value(it.key()) == it.value();
        if (matches)
            sum += sample.value;
    }
    return sum;
}

} // namespace necrocode
