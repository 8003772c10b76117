// Reads the Prometheus text exposition format (0.0.4) that a worker's /metrics serves, so a
// console can show a headless worker's totals, and sums samples by name and labels.
#pragma once

#include "core/Result.h"

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>

namespace necrocode {

struct PrometheusSample
{
    QString name; // e.g. necrocode_runs_total, gen_ai_client_token_usage_sum
    QMap<QString, QString> labels;
    double value = 0.0;
};

// Comments and blank lines are skipped; the error names the line that is not a sample.
Result<QList<PrometheusSample>> parsePrometheusText(QByteArrayView text);

// The sum of the samples called `name` whose labels include every pair of `match`.
double sumSamples(const QList<PrometheusSample> &samples, const QString &name,
                  const QMap<QString, QString> &match = {});

} // namespace necrocode
