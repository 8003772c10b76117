// The compact table of a side panel (service health, fleet): no grid, one line per row of fixed
// height, columns sized to their contents with the last one stretched, the whole text of an
// elided cell as its tooltip.
#pragma once

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace necrocode {

QTableView *makeSidePanelTable(QAbstractItemModel *model, QWidget *parent);

} // namespace necrocode
