#include "logview/LogMatchDelegate.h"

#include <QApplication>
#include <QPainter>
#include <QTextLayout>

namespace necrocode {

namespace {

const QColor kMatchBackground(0xff, 0xd7, 0x4d);
const QColor kMatchText(0x1f, 0x29, 0x37);

} // namespace

void LogMatchDelegate::setSearch(const LogQuery &query)
{
    m_text.clear();
    m_expression.reset();
    if (query.text.isEmpty() || !query.errorString().isEmpty())
        return;
    m_text = query.text;
    m_case = query.caseSensitivity;
    if (query.textMode == LogQuery::TextMode::RegularExpression) {
        QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
        if (m_case == Qt::CaseInsensitive)
            options |= QRegularExpression::CaseInsensitiveOption;
        m_expression.emplace(m_text, options);
    }
}

QList<TextMatch> LogMatchDelegate::matches(const QString &text) const
{
    QList<TextMatch> found;
    if (m_text.isEmpty())
        return found;
    if (m_expression) {
        QRegularExpressionMatchIterator it = m_expression->globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            if (match.capturedLength() > 0)
                found.append({int(match.capturedStart()), int(match.capturedLength())});
        }
        return found;
    }
    for (qsizetype at = text.indexOf(m_text, 0, m_case); at >= 0;
         at = text.indexOf(m_text, at + m_text.size(), m_case))
        found.append({int(at), int(m_text.size())});
    return found;
}

void LogMatchDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    if (m_text.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    const QList<TextMatch> found = matches(text);
    if (found.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget)
                               .adjusted(margin, 0, -margin, 0);
    const QString elided = opt.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width());

    QList<QTextLayout::FormatRange> formats;
    for (const TextMatch &match : found) {
        if (match.start >= elided.size())
            break;
        QTextLayout::FormatRange range;
        range.start = match.start;
        range.length = std::min(match.length, int(elided.size()) - match.start);
        range.format.setBackground(kMatchBackground);
        range.format.setForeground(kMatchText);
        formats.append(range);
    }

    QTextLayout layout(elided, opt.font);
    layout.setFormats(formats);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::NoWrap);
    layout.setTextOption(textOption);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    line.setLineWidth(textRect.width());
    layout.endLayout();

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    painter->save();
    painter->setClipRect(textRect);
    painter->setPen(
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    const qreal top = textRect.top() + (textRect.height() - line.height()) / 2.0;
    layout.draw(painter, QPointF(textRect.left(), top));
    painter->restore();
}

} // namespace necrocode
