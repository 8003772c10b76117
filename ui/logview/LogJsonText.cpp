#include "logview/LogJsonText.h"

namespace necrocode {

namespace {

void newLine(QByteArray &out, int depth, int indentWidth)
{
    out.append('\n');
    out.append(QByteArray(qsizetype{depth} * indentWidth, ' '));
}

char nextSignificant(QByteArrayView text, qsizetype from)
{
    for (qsizetype i = from; i < text.size(); ++i) {
        const char c = text[i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return c;
    }
    return '\0';
}

} // namespace

QString indentJson(QByteArrayView compactJson, int indentWidth)
{
    QByteArray out;
    out.reserve(compactJson.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < compactJson.size(); ++i) {
        const char c = compactJson[i];
        if (inString) {
            out.append(c);
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out.append(c);
            break;
        case '{':
        case '[': {
            out.append(c);
            const char next = nextSignificant(compactJson, i + 1);
            if (next == '}' || next == ']')
                break;
            ++depth;
            newLine(out, depth, indentWidth);
            break;
        }
        case '}':
        case ']':
            if (out.endsWith('{') || out.endsWith('[')) {
                out.append(c);
                break;
            }
            --depth;
            newLine(out, depth, indentWidth);
            out.append(c);
            break;
        case ',':
            out.append(c);
            newLine(out, depth, indentWidth);
            break;
        case ':':
            out.append(": ");
            break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            break;
        default:
            out.append(c);
        }
    }
    return QString::fromUtf8(out);
}

} // namespace necrocode
