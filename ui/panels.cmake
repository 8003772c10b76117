# The console's panels: runs, LLM calls, charts, health, prompt inspector and playground, and
# ConsolePanels, which docks them into the main window. Included by ui/CMakeLists.txt.
target_sources(necrocode_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/models/PanelFormatting.h
  ${CMAKE_CURRENT_LIST_DIR}/models/PanelFormatting.cpp
  ${CMAKE_CURRENT_LIST_DIR}/models/RunsModel.h
  ${CMAKE_CURRENT_LIST_DIR}/models/RunsModel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/models/LlmCallsModel.h
  ${CMAKE_CURRENT_LIST_DIR}/models/LlmCallsModel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/models/HealthModel.h
  ${CMAKE_CURRENT_LIST_DIR}/models/HealthModel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartTimeSeries.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartTimeSeries.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartDecimation.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartDecimation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartLlmSeries.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartLlmSeries.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartServiceLatencies.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartServiceLatencies.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartPlot.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartPlot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartsPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/ChartsPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/RunsPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/RunsPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/HealthPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/HealthPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptInspector.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptInspector.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptPlaygroundMessage.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptPlaygroundMessage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptPlaygroundAnswer.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptPlaygroundAnswer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptPlayground.h
  ${CMAKE_CURRENT_LIST_DIR}/widgets/PromptPlayground.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ConsolePanels.h
  ${CMAKE_CURRENT_LIST_DIR}/ConsolePanels.cpp
)
