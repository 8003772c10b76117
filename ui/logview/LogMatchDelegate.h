// Paints the log table's message cells with the filter's search text highlighted (substring or
// regular expression, with or without case), elided on the right like the other cells.
#pragma once

#include "logstore/LogQuery.h"

#include <QRegularExpression>
#include <QStyledItemDelegate>

namespace necrocode {

struct TextMatch
{
    int start = 0;
    int length = 0;

    friend bool operator==(const TextMatch &, const TextMatch &) = default;
};

class LogMatchDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // Takes the text, mode and case of `query`; an empty or invalid search highlights nothing.
    void setSearch(const LogQuery &query);
    bool hasSearch() const { return !m_text.isEmpty(); }

    // Where the search occurs in `text`, in order and without overlaps.
    QList<TextMatch> matches(const QString &text) const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    QString m_text;
    Qt::CaseSensitivity m_case = Qt::CaseInsensitive;
    std::optional<QRegularExpression> m_expression;
};

} // namespace necrocode
