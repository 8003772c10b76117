<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>necrocode::ChartsPanel</name>
    <message numerus="yes">
        <location filename="../ui/charts/ChartsPanel.cpp" line="+216"/>
        <source>p50 and p95 over the last %n calls</source>
        <translation>
            <numerusform>p50 and p95 over the last call</numerusform>
            <numerusform>p50 and p95 over the last %n calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::FleetModel</name>
    <message numerus="yes">
        <location filename="../ui/fleet/FleetModel.cpp" line="+145"/>
        <source>Runs up to %n task(s) at once</source>
        <translation>
            <numerusform>Runs up to %n task at once</numerusform>
            <numerusform>Runs up to %n tasks at once</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::LogFollowBanner</name>
    <message numerus="yes">
        <location filename="../ui/logview/LogFollowBanner.cpp" line="+42"/>
        <source>Paused — %Ln new entries</source>
        <translation>
            <numerusform>Paused — %Ln new entry</numerusform>
            <numerusform>Paused — %Ln new entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::LogNoMatchNotice</name>
    <message numerus="yes">
        <location filename="../ui/logview/LogNoMatchNotice.cpp" line="+38"/>
        <source>No entries match the filter (%Ln hidden).</source>
        <translation>
            <numerusform>No entries match the filter (%Ln hidden).</numerusform>
            <numerusform>No entries match the filter (%Ln hidden).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::LogView</name>
    <message numerus="yes">
        <location filename="../ui/logview/LogView.cpp" line="+350"/>
        <source>Exported %Ln entries to %1</source>
        <translation>
            <numerusform>Exported %Ln entry to %1</numerusform>
            <numerusform>Exported %Ln entries to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+52"/>
        <source>Loading %1 was cancelled after %Ln entries.</source>
        <translation>
            <numerusform>Loading %1 was cancelled after %Ln entry.</numerusform>
            <numerusform>Loading %1 was cancelled after %Ln entries.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Loaded %Ln entries from %1.</source>
        <translation>
            <numerusform>Loaded %Ln entry from %1.</numerusform>
            <numerusform>Loaded %Ln entries from %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%Ln lines were skipped because they are not log records:</source>
        <translation>
            <numerusform>%Ln line was skipped because it is not a log record:</numerusform>
            <numerusform>%Ln lines were skipped because they are not log records:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::PromptInspector</name>
    <message numerus="yes">
        <location filename="../ui/prompt/PromptInspector.cpp" line="+297"/>
        <source>OK after %n attempts</source>
        <translation>
            <numerusform>OK after %n attempt</numerusform>
            <numerusform>OK after %n attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>%n characters</source>
        <translation>
            <numerusform>%n character</numerusform>
            <numerusform>%n characters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::PromptPlaygroundAnswer</name>
    <message numerus="yes">
        <location filename="../ui/prompt/PromptPlaygroundAnswer.cpp" line="+87"/>
        <source>Receiving… %n character(s) so far</source>
        <translation>
            <numerusform>Receiving… %n character so far</numerusform>
            <numerusform>Receiving… %n characters so far</numerusform>
        </translation>
    </message>
</context>
</TS>
