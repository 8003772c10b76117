// Any bytes as a worker's /metrics page (Prometheus text 0.0.4), read the way the console reads
// an attached worker's totals. It must not crash, and every sample it reads, written back with
// the project's own writer, must read back the same (name, labels, value).
#include "metrics/PrometheusReader.h"
#include "metrics/PrometheusText.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace necrocode;
using namespace necrocode::prometheus;

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &line)
{
    std::fprintf(stderr, "PrometheusReader: %s: %s\n", what, line.constData());
    std::abort();
}

bool sameValue(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<QList<PrometheusSample>> samples = parsePrometheusText(text);
    if (!samples)
        return 0;
    for (const PrometheusSample &sample : *samples) {
        (void)sumSamples(*samples, sample.name, sample.labels);
        if (!isValidMetricName(sample.name))
            continue;
        bool labelsValid = true;
        QByteArray line = sample.name.toUtf8();
        if (!sample.labels.isEmpty()) {
            line += '{';
            for (auto it = sample.labels.cbegin(); it != sample.labels.cend(); ++it) {
                labelsValid = labelsValid && isValidLabelName(it.key());
                if (it != sample.labels.cbegin())
                    line += ',';
                line += it.key().toUtf8() + "=\"";
                appendEscapedLabelValue(line, it.value());
                line += '"';
            }
            line += '}';
        }
        if (!labelsValid)
            continue;
        line += ' ';
        appendSampleValue(line, sample.value);
        const Result<QList<PrometheusSample>> back = parsePrometheusText(line);
        if (!back || back->size() != 1)
            fail("a sample written back does not read", line);
        const PrometheusSample &again = back->front();
        if (again.name != sample.name || again.labels != sample.labels ||
            !sameValue(again.value, sample.value))
            fail("a sample written back reads differently", line);
    }
    return 0;
}
