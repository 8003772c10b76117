// Chart data that draws itself: the layer check must refuse it.
#pragma once

#include <QChartView>
