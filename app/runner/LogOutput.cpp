#include "LogOutput.h"

#include "log/JsonLineFormatter.h"
#include "log/JsonValueWriter.h"

#include <QJsonArray>
#include <QJsonObject>

namespace necrocode {

namespace {

const QStringList kEntryFields{
    QStringLiteral("timestamp"), QStringLiteral("level"),     QStringLiteral("logger"),
    QStringLiteral("message"),   QStringLiteral("runner_id"), QStringLiteral("task_id"),
    QStringLiteral("spec_name"), QStringLiteral("exception"), QStringLiteral("extra")};
const QStringList kCsvColumns{QStringLiteral("timestamp"), QStringLiteral("level"),
                              QStringLiteral("logger"),    QStringLiteral("runner_id"),
                              QStringLiteral("task_id"),   QStringLiteral("spec_name"),
                              QStringLiteral("message"),   QStringLiteral("extra")};

QJsonValue fieldOf(const LogEntry &e, const QString &field)
{
    if (field == QLatin1String("timestamp"))
        return QString::fromLatin1(formatIsoTimestamp(e.timestampMs, e.utcOffsetSeconds));
    if (field == QLatin1String("level"))
        return QString::fromLatin1(logLevelName(e.level).data(), logLevelName(e.level).size());
    if (field == QLatin1String("logger"))
        return e.logger;
    if (field == QLatin1String("message"))
        return e.message;
    if (field == QLatin1String("runner_id"))
        return e.runnerId;
    if (field == QLatin1String("task_id"))
        return e.taskId;
    if (field == QLatin1String("spec_name"))
        return e.specName;
    if (field == QLatin1String("exception"))
        return e.exception;
    if (field == QLatin1String("extra"))
        return e.extra;
    QJsonValue value = e.extra; // extra.a.b
    for (const QString &key : field.mid(6).split(QLatin1Char('.')))
        value = value.toObject().value(key);
    return value;
}

// A value as text: strings as they are, anything else as compact JSON, missing as "".
QByteArray textOf(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (value.isString())
        return value.toString().toUtf8();
    QByteArray out;
    appendCompactJson(out, value);
    return out;
}

void appendCsvCell(QByteArray &out, const QByteArray &text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n') &&
        !text.contains('\r')) {
        out.append(text);
        return;
    }
    out.append('"');
    for (const char c : text) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

} // namespace

Result<LogOutput> LogOutput::fromOptions(const QString &format, const QString &fields)
{
    LogOutput output;
    if (format.isEmpty() || format == QLatin1String("jsonl"))
        output.format = Format::Jsonl;
    else if (format == QLatin1String("text"))
        output.format = Format::Text;
    else if (format == QLatin1String("csv"))
        output.format = Format::Csv;
    else
        return makeError(
            QStringLiteral("--output: unknown format '%1' (use jsonl, text or csv)").arg(format));
    for (const QString &field : fields.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = field.trimmed();
        const bool intoExtra = name.startsWith(QLatin1String("extra.")) && name.size() > 6 &&
                               !name.endsWith(QLatin1Char('.'));
        if (!kEntryFields.contains(name) && !intoExtra)
            return makeError(QStringLiteral("--fields: unknown field '%1' (use %2, or "
                                            "extra.<key>)")
                                 .arg(name, kEntryFields.join(QStringLiteral(", "))));
        output.fields.append(name);
    }
    if (!fields.isNull() && output.fields.isEmpty())
        return makeError(QStringLiteral("--fields: name at least one field"));
    return output;
}

QByteArray LogOutput::header() const
{
    if (format != Format::Csv)
        return {};
    const QStringList columns = fields.isEmpty() ? kCsvColumns : fields;
    return columns.join(QLatin1Char(',')).toUtf8() + '\n';
}

void LogOutput::append(QByteArray &out, const LogEntry &entry) const
{
    switch (format) {
    case Format::Jsonl: {
        if (fields.isEmpty()) {
            appendJsonLine(out, entry);
            return;
        }
        // The named fields in the order given (not QJsonObject's sorted order).
        out.append('{');
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                out.append(',');
            appendJsonString(out, fields.at(i));
            out.append(':');
            const QJsonValue value = fieldOf(entry, fields.at(i));
            appendCompactJson(out, value.isUndefined() ? QJsonValue() : value);
        }
        out.append("}\n");
        return;
    }
    case Format::Csv: {
        const QStringList columns = fields.isEmpty() ? kCsvColumns : fields;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i > 0)
                out.append(',');
            appendCsvCell(out, textOf(fieldOf(entry, columns.at(i))));
        }
        out.append('\n');
        return;
    }
    case Format::Text: {
        if (!fields.isEmpty()) {
            for (qsizetype i = 0; i < fields.size(); ++i) {
                if (i > 0)
                    out.append('\t');
                out.append(textOf(fieldOf(entry, fields.at(i))).replace('\n', ' '));
            }
            out.append('\n');
            return;
        }
        // "2025-11-27 18:22:01.123 WARNING  runner-1/1.2 necrocode.runner.llm  message  k=v"
        QByteArray time = formatIsoTimestamp(entry.timestampMs, entry.utcOffsetSeconds).left(23);
        time[10] = ' ';
        out.append(time);
        out.append(' ');
        const QByteArray level(logLevelName(entry.level).data(), logLevelName(entry.level).size());
        out.append(level.leftJustified(8, ' '));
        out.append(' ');
        if (!entry.runnerId.isEmpty() || !entry.taskId.isEmpty()) {
            out.append(entry.runnerId.toUtf8());
            if (!entry.taskId.isEmpty())
                out.append('/').append(entry.taskId.toUtf8());
            out.append(' ');
        }
        out.append(entry.logger.toUtf8());
        out.append("  ");
        out.append(QString(entry.message).replace(QLatin1Char('\n'), QLatin1Char(' ')).toUtf8());
        for (auto it = entry.extra.constBegin(); it != entry.extra.constEnd(); ++it) {
            out.append("  ");
            out.append(it.key().toUtf8());
            out.append('=');
            out.append(textOf(it.value()).replace('\n', ' '));
        }
        if (!entry.exception.isEmpty())
            out.append("  exception=")
                .append(
                    QString(entry.exception).replace(QLatin1Char('\n'), QLatin1Char(' ')).toUtf8());
        out.append('\n');
        return;
    }
    }
}

} // namespace necrocode
