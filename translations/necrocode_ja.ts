<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../app/console/main.cpp" line="+83"/>
        <source>Runs the NecroCode agent runner and shows it live.</source>
        <translation>NecroCode エージェントランナーを実行し、その様子をリアルタイムで表示します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interface language: en or ja.</source>
        <translation>表示言語: en または ja。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue the demo task set once the services are up.</source>
        <translation>サービスの起動後にデモのタスクセットをキューに入れます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a JSON Lines log file (repeatable).</source>
        <translation>JSON Lines 形式のログファイルを開きます (複数指定可)。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>file</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Follow a headless necrocode-runner serve (repeatable).</source>
        <translation>ヘッドレスの necrocode-runner serve を追跡します (複数指定可)。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save a picture of the main window before quitting.</source>
        <translation>終了する前にメインウィンドウの画像を保存します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit after this many seconds.</source>
        <translation>指定した秒数が経過したら終了します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unknown language &apos;%1&apos;: use en or ja.</source>
        <translation>不明な言語 &apos;%1&apos; です。en または ja を指定してください。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--quit-after needs a number of seconds, not &apos;%1&apos;.</source>
        <translation>--quit-after には &apos;%1&apos; ではなく秒数を指定してください。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Could not save the screenshot to %1.</source>
        <translation>スクリーンショットを %1 に保存できませんでした。</translation>
    </message>
</context>
<context>
    <name>LogDisplayText</name>
    <message>
        <location filename="../ui/logview/LogDisplayText.cpp" line="+29"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
</context>
<context>
    <name>PanelFormatting</name>
    <message>
        <location filename="../ui/common/PanelFormatting.cpp" line="+27"/>
        <location line="+16"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>$%1</source>
        <translation>$%1</translation>
    </message>
</context>
<context>
    <name>necrocode::CertificateTrustDialog</name>
    <message>
        <location filename="../ui/fleet/CertificateTrustDialog.cpp" line="+14"/>
        <source>Untrusted Certificate</source>
        <translation>信頼されていない証明書</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The worker at %1 presents a certificate this console does not trust.</source>
        <translation>%1 のワーカーは、このコンソールが信頼していない証明書を提示しています。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1

SHA-256 fingerprint:
%2

Trust it only if it is the fingerprint of the worker&apos;s certificate on its own machine. The console then follows this worker over https as long as it presents exactly this certificate.</source>
        <translation>%1

SHA-256 フィンガープリント:
%2

ワーカー自身のマシン上の証明書のフィンガープリントと一致する場合にのみ信頼してください。信頼すると、このワーカーが正確にこの証明書を提示する限り、コンソールは https でこのワーカーを追跡します。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trust This Certificate</source>
        <translation>この証明書を信頼する</translation>
    </message>
</context>
<context>
    <name>necrocode::ChartsPanel</name>
    <message>
        <location filename="../ui/charts/ChartsPanel.cpp" line="+191"/>
        <source>Time window:</source>
        <translation>表示期間:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 5 minutes</source>
        <translation>直近 5 分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last hour</source>
        <translation>直近 1 時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run: task %1, runner %2</source>
        <translation>実行: タスク %1、ランナー %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(queued)</source>
        <translation>(待機中)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All runs</source>
        <translation>すべての実行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tokens per LLM call</source>
        <translation>LLM 呼び出しごとのトークン数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completion</source>
        <translation>応答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <source>Failed calls</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>LLM latency per call</source>
        <translation>LLM 呼び出しごとのレイテンシ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latency</source>
        <translation>レイテンシ</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>p50 and p95 over the last %n calls</source>
        <translation>
            <numerusform>p50 と p95 は直近 %n 回の呼び出しから算出</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <location line="+11"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Time to first token (streamed calls)</source>
        <translation>初回トークンまでの時間 (ストリーム)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time to first token</source>
        <translation>最初のトークンまでの時間</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>LLM calls per minute</source>
        <translation>1 分あたりの LLM 呼び出し数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calls</source>
        <translation>呼び出し数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>calls</source>
        <translation>回</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Latency per external service</source>
        <translation>外部サービスごとのレイテンシ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cumulative LLM cost (priced models)</source>
        <translation>LLM の累積コスト (価格が登録されたモデル)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <location line="+227"/>
        <source>No LLM calls in this time window</source>
        <translation>この期間に LLM 呼び出しはありません</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+17"/>
        <source>No data yet</source>
        <translation>まだデータがありません</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>No streamed calls yet</source>
        <translation>ストリーミング呼び出しはまだありません</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No price configured</source>
        <translation>価格が設定されていません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No price configured for the models called</source>
        <translation>呼び出したモデルの価格が設定されていません</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No service calls in this time window</source>
        <translation>この期間にサービス呼び出しはありません</translation>
    </message>
</context>
<context>
    <name>necrocode::ConsolePanels</name>
    <message>
        <location filename="../ui/shell/ConsolePanels.cpp" line="+133"/>
        <source>Service health</source>
        <translation>サービスの状態</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fleet</source>
        <translation>フリート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charts</source>
        <translation>グラフ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspector</source>
        <translation>プロンプト検査</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playground</source>
        <translation>プレイグラウンド</translation>
    </message>
</context>
<context>
    <name>necrocode::EngineBackend</name>
    <message>
        <location filename="../app/console/EngineBackend.cpp" line="+114"/>
        <source>The embedded services did not start: %1</source>
        <translation>組み込みサービスを起動できませんでした: %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Cannot take tasks: %1</source>
        <translation>タスクを受け付けられません: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The task registry answers again: taking tasks.</source>
        <translation>タスクレジストリが再び応答しています。タスクの取得を再開します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No task of the task set is ready any more.</source>
        <translation>タスクセットに実行可能なタスクが残っていません。</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>The certificate authorities in tls.ca_file cannot be used: %1</source>
        <translation>tls.ca_file の認証局を使用できません: %1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Stopped taking tasks.</source>
        <translation>タスクの取得を停止しました。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not a valid task: %2</source>
        <translation>%1 は有効なタスクではありません: %2</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Cannot retry task %1: %2</source>
        <translation>タスク %1 を再試行できません: %2</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 is this console&apos;s own health server, not a worker.</source>
        <translation>%1 はこのコンソール自身のヘルスサーバーで、ワーカーではありません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The worker %1 is already attached.</source>
        <translation>ワーカー %1 はすでに接続されています。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Detached from the worker %1.</source>
        <translation>ワーカー %1 から切断しました。</translation>
    </message>
</context>
<context>
    <name>necrocode::FleetFollower</name>
    <message>
        <location filename="../ui/fleet/FleetFollower.cpp" line="+19"/>
        <source>The Task Registry at %1 does not list its workers: %2</source>
        <translation>%1 のタスクレジストリがワーカー一覧を返しません: %2</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>The worker %1 (%2) was lost: no heartbeat since %3.</source>
        <translation>ワーカー %1 (%2) を見失いました: %3 以降ハートビートがありません。</translation>
    </message>
</context>
<context>
    <name>necrocode::FleetModel</name>
    <message>
        <location filename="../ui/fleet/FleetModel.cpp" line="+76"/>
        <source>%1 active, %2 lost, %3 stopped</source>
        <translation>稼働 %1、喪失 %2、停止 %3</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>active</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lost</source>
        <translation>喪失</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 (requeued)</source>
        <translation>%1 (再キュー)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1/min</source>
        <translation>%1/分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 ago</source>
        <translation>%1 前</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Worker %1: %2</source>
        <translation>ワーカー %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address: %1</source>
        <translation>アドレス: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version: %1</source>
        <translation>バージョン: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Runs up to %n task(s) at once</source>
        <translation>
            <numerusform>同時に最大 %n 件のタスクを実行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Started: %1</source>
        <translation>開始: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last heartbeat: %1</source>
        <translation>最後のハートビート: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Its tasks go back to the queue and are taken by another worker.</source>
        <translation>このワーカーのタスクはキューに戻され、別のワーカーが引き継ぎます。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Worker</source>
        <translation>ワーカー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rate</source>
        <translation>処理率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last seen</source>
        <translation>最終確認</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
</context>
<context>
    <name>necrocode::FleetPanel</name>
    <message>
        <location filename="../ui/fleet/FleetPanel.cpp" line="+70"/>
        <source>No Task Registry to ask for workers.</source>
        <translation>ワーカーを問い合わせるタスクレジストリがありません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No worker has sent a heartbeat to %1 yet. Start one with necrocode-runner serve --task-registry-url %1</source>
        <translation>%1 にハートビートを送ったワーカーはまだありません。necrocode-runner serve --task-registry-url %1 で起動できます</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 — from %2</source>
        <translation>%1 — %2 から</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Attach to all workers</source>
        <translation>すべてのワーカーに接続</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow the logs, runs and health of every active worker of the registry, including ones that start later</source>
        <translation>レジストリの稼働中のすべてのワーカー (後から起動するものも含む) のログ、実行、ヘルスを追跡します</translation>
    </message>
</context>
<context>
    <name>necrocode::HealthModel</name>
    <message>
        <location filename="../ui/healthview/HealthModel.cpp" line="+55"/>
        <source>UP</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DEGRADED</source>
        <translation>低下</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DOWN</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>UNKNOWN</source>
        <translation>不明</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Task Registry</source>
        <translation>タスクレジストリ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repo Pool</source>
        <translation>リポジトリプール</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Artifact Store</source>
        <translation>アーティファクトストア</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LLM</source>
        <translation>LLM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worker</source>
        <translation>ワーカー</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Local</source>
        <translation>ローカル</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>not checked yet</source>
        <translation>未確認</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Embedded</source>
        <translation>組み込み</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Address: %1 (embedded)</source>
        <translation>アドレス: %1（組み込み）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address: %1</source>
        <translation>アドレス: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last check: %1</source>
        <translation>最終確認: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consecutive failures: %1</source>
        <translation>連続失敗回数: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last error: %1</source>
        <translation>最後のエラー: %1</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Source</source>
        <translation>ソース</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Latency</source>
        <translation>レイテンシ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last check</source>
        <translation>最終確認</translation>
    </message>
</context>
<context>
    <name>necrocode::HealthPanel</name>
    <message>
        <location filename="../ui/healthview/HealthPanel.cpp" line="+141"/>
        <source>Health server: not started</source>
        <translation>ヘルスサーバー: 未起動</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Health server: listening on %1</source>
        <translation>ヘルスサーバー: %1 で待ち受け中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Health server: %1</source>
        <translation>ヘルスサーバー: %1</translation>
    </message>
</context>
<context>
    <name>necrocode::LlmCallsModel</name>
    <message>
        <location filename="../ui/prompt/LlmCallsModel.cpp" line="+72"/>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runner</source>
        <translation>ランナー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt tokens</source>
        <translation>プロンプトトークン</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Completion tokens</source>
        <translation>応答トークン</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Latency</source>
        <translation>レイテンシ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finish reason</source>
        <translation>終了理由</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
</context>
<context>
    <name>necrocode::LogDetailPane</name>
    <message>
        <location filename="../ui/logview/LogDetailPane.cpp" line="+87"/>
        <source>Entry — %1 %2</source>
        <translation>エントリ — %1 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Entry</source>
        <translation>エントリ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a log entry to see all of its fields.</source>
        <translation>ログエントリを選択すると、そのすべてのフィールドが表示されます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy JSON</source>
        <translation>JSON をコピー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the whole entry as JSON</source>
        <translation>エントリ全体を JSON としてコピーします</translation>
    </message>
</context>
<context>
    <name>necrocode::LogFilterBar</name>
    <message>
        <location filename="../ui/logview/LogFilterBar.cpp" line="+317"/>
        <source>Invalid regular expression: %1</source>
        <translation>正規表現が正しくありません: %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Show %1 entries</source>
        <translation>%1 のエントリを表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runner</source>
        <translation>ランナー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spec</source>
        <translation>スペック</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only entries of this runner</source>
        <translation>このランナーのエントリだけを表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only entries of this task</source>
        <translation>このタスクのエントリだけを表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only entries of this spec</source>
        <translation>このスペックのエントリだけを表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only calls to this service</source>
        <translation>このサービスへの呼び出しだけを表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search messages…</source>
        <translation>メッセージを検索…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search with a regular expression</source>
        <translation>正規表現で検索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Match case</source>
        <translation>大文字と小文字を区別</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All time</source>
        <translation>全期間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 5 minutes</source>
        <translation>直近 5 分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last hour</source>
        <translation>直近 1 時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom range</source>
        <translation>期間を指定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only entries in this time range</source>
        <translation>この期間のエントリだけを表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From (inclusive)</source>
        <translation>開始 (この時刻を含む)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Until (inclusive)</source>
        <translation>終了 (この時刻を含む)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear Filter</source>
        <translation>フィルターをクリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every entry again</source>
        <translation>すべてのエントリを再び表示</translation>
    </message>
</context>
<context>
    <name>necrocode::LogFollowBanner</name>
    <message numerus="yes">
        <location filename="../ui/logview/LogFollowBanner.cpp" line="+42"/>
        <source>Paused — %Ln new entries</source>
        <translation>
            <numerusform>一時停止中 — 新着 %Ln 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Jump to latest</source>
        <translation>最新へ移動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scroll to the newest entry and follow again (End)</source>
        <translation>最新のエントリまでスクロールし、追従を再開します (End)</translation>
    </message>
</context>
<context>
    <name>necrocode::LogNoMatchNotice</name>
    <message numerus="yes">
        <location filename="../ui/logview/LogNoMatchNotice.cpp" line="+38"/>
        <source>No entries match the filter (%Ln hidden).</source>
        <translation>
            <numerusform>フィルターに一致するエントリはありません (%Ln 件を非表示)。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Clear filter</source>
        <translation>フィルターをクリア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every entry again</source>
        <translation>すべてのエントリを再び表示</translation>
    </message>
</context>
<context>
    <name>necrocode::LogTableModel</name>
    <message>
        <location filename="../ui/logview/LogTableModel.cpp" line="+316"/>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runner</source>
        <translation>ランナー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spec</source>
        <translation>スペック</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Logger</source>
        <translation>ロガー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
</context>
<context>
    <name>necrocode::LogTabs</name>
    <message>
        <location filename="../ui/logview/LogTabs.cpp" line="+97"/>
        <source>%1 is already open.</source>
        <translation>%1 はすでに開いています。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Open Log</source>
        <translation>ログを開く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON Lines logs (*.jsonl *.json *.log *.gz);;All files (*)</source>
        <translation>JSON Lines ログ (*.jsonl *.json *.log *.gz);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Live session</source>
        <translation>ライブセッション</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the runners and attached workers log now</source>
        <translation>ランナーと接続中のワーカーが今出力しているログ</translation>
    </message>
</context>
<context>
    <name>necrocode::LogView</name>
    <message>
        <location filename="../ui/logview/LogView.cpp" line="+316"/>
        <source>Copied the first %L1 selected entries; export the filtered entries to get them all.</source>
        <translation>選択したエントリのうち先頭の %L1 件をコピーしました。すべて必要な場合は、フィルターで表示中のエントリをエクスポートしてください。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 形式 (*.jsonl)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 形式 (*.csv)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export Log Entries</source>
        <translation>ログエントリのエクスポート</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>Exported %Ln entries to %1</source>
        <translation>
            <numerusform>%Ln 件のエントリを %1 にエクスポートしました</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export to %1 failed: %2</source>
        <translation>%1 へのエクスポートに失敗しました: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+46"/>
        <source>Open Log</source>
        <translation>ログを開く</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>A log file is still loading.</source>
        <translation>ログファイルを読み込んでいる途中です。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Could not open %1.</source>
        <translation>%1 を開けませんでした。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Loading %1 was cancelled after %Ln entries.</source>
        <translation>
            <numerusform>%1 の読み込みは %Ln 件を読み込んだところで取り消されました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Loaded %Ln entries from %1.</source>
        <translation>
            <numerusform>%1 から %Ln 件のエントリを読み込みました。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1, line %2: %3</source>
        <translation>%1 の %2 行目: %3</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln lines were skipped because they are not log records:</source>
        <translation>
            <numerusform>ログレコードではない %Ln 行をスキップしました:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::MainWindow</name>
    <message>
        <location filename="../ui/shell/MainWindow.cpp" line="+416"/>
        <source>Entries: %1</source>
        <translation>件数: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shown: %1</source>
        <translation>表示中: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last filter: %1 ms</source>
        <translation>直前のフィルター: %1 ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Health server: starting…</source>
        <translation>ヘルスサーバー: 起動中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Health server: %1</source>
        <translation>ヘルスサーバー: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Health server: not listening (%1)</source>
        <translation>ヘルスサーバー: 待ち受けていません (%1)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sandbox: on (network allowed)</source>
        <translation>サンドボックス: 有効（ネットワーク許可）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox: on</source>
        <translation>サンドボックス: 有効</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox: OFF</source>
        <translation>サンドボックス: 無効</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox: unavailable</source>
        <translation>サンドボックス: 使用不可</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test commands run in a bubblewrap sandbox: only the workspace is writable, no secret and no other file of this machine is visible.</source>
        <translation>テストコマンドは bubblewrap のサンドボックスで実行されます。書き込めるのはワークスペースだけで、秘密情報やこのマシンの他のファイルは見えません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sandbox.mode is none: test code written by the model runs with your rights.</source>
        <translation>sandbox.mode が none です。モデルが書いたテストコードはあなたの権限で実行されます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs fail at their tests: %1</source>
        <translation>実行はテストの段階で失敗します: %1</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Parallel Runners</source>
        <translation>並列ランナー数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runners working at the same time:</source>
        <translation>同時に動作するランナーの数:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Attach to Worker</source>
        <translation>ワーカーに接続</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL of a running &apos;necrocode-runner serve&apos; (its health address):</source>
        <translation>実行中の「necrocode-runner serve」の URL（ヘルスアドレス）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&apos;%1&apos; is not an http URL of a worker.</source>
        <translation>「%1」はワーカーの http URL ではありません。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Run Task File</source>
        <translation>タスクファイルの実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task files (*.json);;All files (*)</source>
        <translation>タスクファイル (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Settings applied. The health server address and the log file change when the console is started again.</source>
        <translation>設定を適用しました。ヘルスサーバーのアドレスとログファイルはコンソールの再起動後に変わります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings applied: health checks and task intake use them now, runs from their next task on.</source>
        <translation>設定を適用しました。ヘルスチェックとタスクの取得にはすぐに、実行には次のタスクから反映されます。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>About NecroCode Runner Console</source>
        <translation>NecroCode ランナーコンソールについて</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;NecroCode Runner Console %1&lt;/h3&gt;&lt;p&gt;Runs the NecroCode agent runner and shows it live: log entries, runs, LLM calls and the health of the services it uses.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;NecroCode ランナーコンソール %1&lt;/h3&gt;&lt;p&gt;NecroCode エージェントランナーを実行し、ログエントリ、実行、LLM 呼び出し、利用するサービスの状態をリアルタイムで表示します。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>NecroCode Runner Console</source>
        <translation>NecroCode ランナーコンソール</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tools</source>
        <translation>ツール(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Main Toolbar</source>
        <translation>メインツールバー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open Log…</source>
        <translation>ログを開く(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open Log</source>
        <translation>ログを開く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a JSON Lines log file (%1)</source>
        <translation>JSON Lines 形式のログファイルを開きます (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the entries the filter shows as JSON Lines or CSV</source>
        <translation>フィルターで表示中のエントリを JSON Lines または CSV 形式でエクスポートします</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Run Task File…</source>
        <translation>タスクファイルを実行(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Clear Log</source>
        <translation>ログを消去(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &amp;Demo</source>
        <translation>デモを実行(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run Demo</source>
        <translation>デモを実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue every task of the demo task set (F5)</source>
        <translation>デモのタスクセットのタスクをすべてキューに入れます (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel Selected Run</source>
        <translation>選択した実行を取り消す(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel Run</source>
        <translation>実行を取り消す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the run selected in the runs panel</source>
        <translation>実行パネルで選択した実行を取り消します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parallel Runners…</source>
        <translation>並列ランナー数(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Attach to Worker…</source>
        <translation>ワーカーに接続(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Detach from Worker</source>
        <translation>ワーカーから切断(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow the logs, runs and health of a headless worker</source>
        <translation>ヘッドレスワーカーのログ・実行・ヘルスを追跡します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Follow</source>
        <translation>追従(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow</source>
        <translation>追従</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the newest entry in view</source>
        <translation>最新のエントリを常に表示します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search Messages</source>
        <translation>メッセージを検索(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lear Filter</source>
        <translation>フィルターをクリア(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter &amp;Bar</source>
        <translation>フィルターバー(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entry &amp;Details</source>
        <translation>エントリの詳細(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About NecroCode Runner Console</source>
        <translation>NecroCode ランナーコンソールについて(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Toolbar</source>
        <translation>ツールバー(&amp;T)</translation>
    </message>
</context>
<context>
    <name>necrocode::PromptInspector</name>
    <message>
        <location filename="../ui/prompt/PromptInspector.cpp" line="+33"/>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>create</source>
        <translation>作成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>modify</source>
        <translation>変更</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+148"/>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens:</source>
        <translation>最大トークン数:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature:</source>
        <translation>温度:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON mode:</source>
        <translation>JSON モード:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stream:</source>
        <translation>ストリーミング:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tokens:</source>
        <translation>プロンプトトークン:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completion tokens:</source>
        <translation>応答トークン:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latency:</source>
        <translation>レイテンシ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time to first token:</source>
        <translation>最初のトークンまでの時間:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finish reason:</source>
        <translation>終了理由:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status:</source>
        <translation>状態:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code changes</source>
        <translation>コードの変更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in playground</source>
        <translation>プレイグラウンドで開く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit this prompt and send it again</source>
        <translation>このプロンプトを編集して再送信します</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select an LLM call above.</source>
        <translation>上の一覧から LLM 呼び出しを選択してください。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 (answered by %2)</source>
        <translation>%1 (%2 が回答)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>not streamed</source>
        <translation>ストリーミングなし</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>OK after %n attempts</source>
        <translation>
            <numerusform>%n 回目の試行で成功</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n characters</source>
        <translation>
            <numerusform>%n 文字</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This call has no messages.</source>
        <translation>この呼び出しにはメッセージがありません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The call failed; there is no answer to read.</source>
        <translation>呼び出しが失敗したため、回答はありません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The answer cannot be used: %1</source>
        <translation>回答を利用できません: %1</translation>
    </message>
</context>
<context>
    <name>necrocode::PromptPlayground</name>
    <message>
        <location filename="../ui/prompt/PromptPlayground.cpp" line="+146"/>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add message</source>
        <translation>メッセージを追加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model:</source>
        <translation>モデル(&amp;M):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max &amp;tokens:</source>
        <translation>最大トークン数(&amp;T):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;emperature:</source>
        <translation>温度(&amp;E):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;JSON mode</source>
        <translation>JSON モード(&amp;J)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stream</source>
        <translation>ストリーミング(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the edited prompt to the model again</source>
        <translation>編集したプロンプトをモデルに再送信します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Original answer</source>
        <translation>元の回答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New answer</source>
        <translation>新しい回答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loaded from the call of task %1 (runner %2) at %3</source>
        <translation>タスク %1 (ランナー %2) の %3 の呼び出しから読み込みました</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write a prompt, or open a call from the prompt inspector.</source>
        <translation>プロンプトを入力するか、プロンプト検査から呼び出しを開いてください。</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Add at least one message.</source>
        <translation>メッセージを 1 つ以上追加してください。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The prompt could not be sent.</source>
        <translation>プロンプトを送信できませんでした。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>No original call.</source>
        <translation>元の呼び出しはありません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting for the model…</source>
        <translation>モデルの応答を待っています…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not sent yet.</source>
        <translation>まだ送信していません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sending…</source>
        <translation>送信しています…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Receiving the answer…</source>
        <translation>回答を受信中…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The call failed: %1</source>
        <translation>呼び出しに失敗しました: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered in %1</source>
        <translation>%1 で回答</translation>
    </message>
</context>
<context>
    <name>necrocode::PromptPlaygroundAnswer</name>
    <message>
        <location filename="../ui/prompt/PromptPlaygroundAnswer.cpp" line="+53"/>
        <source>Tokens: %1 prompt + %2 completion</source>
        <translation>トークン: プロンプト %1 + 応答 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Latency: %1</source>
        <translation>レイテンシ: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time to first token: %1</source>
        <translation>最初のトークンまでの時間: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not streamed</source>
        <translation>ストリーミングなし</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Finish reason: %1</source>
        <translation>終了理由: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed (%1): %2</source>
        <translation>失敗 (%1): %2</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>Receiving… %n character(s) so far</source>
        <translation>
            <numerusform>受信中… これまでに %n 文字</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>necrocode::PromptPlaygroundMessage</name>
    <message>
        <location filename="../ui/prompt/PromptPlaygroundMessage.cpp" line="+69"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove this message</source>
        <translation>このメッセージを削除します</translation>
    </message>
</context>
<context>
    <name>necrocode::RunDetailDialog</name>
    <message>
        <location filename="../ui/runs/RunDetailDialog.cpp" line="+32"/>
        <source>Run of task %1</source>
        <translation>タスク %1 の実行</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Task set</source>
        <translation>タスクセット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runner</source>
        <translation>ランナー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Acceptance criteria</source>
        <translation>受け入れ基準</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Failed in</source>
        <translation>失敗したフェーズ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Phases</source>
        <translation>フェーズ</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Test output (end)</source>
        <translation>テスト出力（末尾）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Artifacts</source>
        <translation>成果物</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>LLM calls</source>
        <translation>LLM 呼び出し</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None.</source>
        <translation>なし。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 prompt + %2 completion tokens in %3, finish reason %4</source>
        <translation>プロンプト %1 + 補完 %2 トークン、%3、終了理由 %4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
</context>
<context>
    <name>necrocode::RunsModel</name>
    <message>
        <location filename="../ui/runs/RunsModel.cpp" line="+39"/>
        <source>queued</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>completed</source>
        <translation>完了</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cancelled</source>
        <translation>取り消し</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Queued</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Workspace preparation</source>
        <translation>ワークスペースの準備</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task implementation</source>
        <translation>タスクの実装</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test execution</source>
        <translation>テストの実行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Commit and push</source>
        <translation>コミットとプッシュ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Artifact upload</source>
        <translation>アーティファクトのアップロード</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Completion report</source>
        <translation>完了報告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished</source>
        <translation>終了</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Cancelled in %1</source>
        <translation>%1 でキャンセル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed in %1</source>
        <translation>%1 で失敗</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Source: %1</source>
        <translation>ソース: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt: %1, completion: %2</source>
        <translation>プロンプト: %1、応答: %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Test output (last lines):</source>
        <translation>テスト出力（最後の行）:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test results: %1</source>
        <translation>テスト結果: %1</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spec</source>
        <translation>スペック</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runner</source>
        <translation>ランナー</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phase</source>
        <translation>フェーズ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LLM calls</source>
        <translation>LLM 呼び出し</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
</context>
<context>
    <name>necrocode::RunsPanel</name>
    <message>
        <location filename="../ui/runs/RunsPanel.cpp" line="+115"/>
        <source>Run demo</source>
        <translation>デモを実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue every task of the demo task set</source>
        <translation>デモのタスクセットのタスクをすべてキューに入れます</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run task file…</source>
        <translation>タスクファイルを実行…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue the tasks of a task context or task set JSON file</source>
        <translation>タスクコンテキストまたはタスクセットの JSON ファイルにあるタスクをキューに入れます</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel run</source>
        <translation>実行を取り消す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the selected failed run&apos;s task back to ready and run it again</source>
        <translation>選択した失敗した実行のタスクを ready に戻して再実行します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry all failed</source>
        <translation>失敗をすべて再試行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run every failed task of this console again</source>
        <translation>このコンソールで失敗したタスクをすべて再実行します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All runs</source>
        <translation>すべての実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the selection: logs and charts show every run</source>
        <translation>選択を解除し、ログとグラフにすべての実行を表示します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parallel runners:</source>
        <translation>並列ランナー数(&amp;P):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop taking tasks</source>
        <translation>タスクの取得を停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take no more tasks from the registry; runs in progress go on</source>
        <translation>レジストリからこれ以上タスクを取得しません。実行中のものは続行します</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Taking ready tasks from the task registry.</source>
        <translation>タスクレジストリから ready のタスクを取得しています。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting for the task registry: %1. Next try in %2 s.</source>
        <translation>タスクレジストリを待っています: %1。次の試行まで %2 秒。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Queued: %1   Running: %2   Completed: %3   Failed: %4   Cancelled: %5</source>
        <translation>待機中: %1   実行中: %2   完了: %3   失敗: %4   取り消し: %5</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Run task file</source>
        <translation>タスクファイルの実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task files (*.json);;All files (*)</source>
        <translation>タスクファイル (*.json);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>necrocode::SettingsDialog</name>
    <message>
        <location filename="../ui/settings/SettingsDialog.cpp" line="+255"/>
        <source>Looking for a desktop keychain…</source>
        <translation>デスクトップのキーチェーンを確認しています…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kept in the desktop keychain, never in the settings file.</source>
        <translation>デスクトップのキーチェーンに保存され、設定ファイルには保存されません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No desktop keychain is available: the key is kept in memory only and forgotten when the console exits.</source>
        <translation>デスクトップのキーチェーンを利用できません。キーはメモリ上にのみ保持され、コンソールを終了すると破棄されます。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Services</source>
        <translation>サービス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LLM</source>
        <translation>LLM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retries</source>
        <translation>再試行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interface</source>
        <translation>表示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Empty: the embedded local service</source>
        <translation>空欄: 組み込みのローカルサービス</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task registry URL</source>
        <translation>タスクレジストリの URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task registry timeout (s)</source>
        <translation>タスクレジストリのタイムアウト (秒)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repo pool URL</source>
        <translation>リポジトリプールの URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repo pool timeout (s)</source>
        <translation>リポジトリプールのタイムアウト (秒)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Artifact store URL</source>
        <translation>アーティファクトストアの URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Artifact store timeout (s)</source>
        <translation>アーティファクトストアのタイムアウト (秒)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base URL</source>
        <translation>ベース URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout (s)</source>
        <translation>タイムアウト (秒)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts</source>
        <translation>試行回数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Initial delay (s)</source>
        <translation>初回の待ち時間 (秒)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backoff factor</source>
        <translation>バックオフ係数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delay cap (s)</source>
        <translation>待ち時間の上限 (秒)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task timeout (s)</source>
        <translation>タスクのタイムアウト (秒)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parallel runners</source>
        <translation>並列ランナー数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log level</source>
        <translation>ログレベル</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Empty: the embedded scripted model</source>
        <translation>空欄: 組み込みのスクリプト化モデル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
</context>
<context>
    <name>necrocode::WorkerAttachment</name>
    <message>
        <location filename="../ui/fleet/WorkerAttachment.cpp" line="+39"/>
        <source>%1: %2 log entries were lost before they could be shown.</source>
        <translation>%1: 表示前に %2 件のログエントリが失われました。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot reach the worker %1: %2. Still trying…</source>
        <translation>ワーカー %1 に接続できません: %2。接続を試み続けています…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Attached to the worker %1.</source>
        <translation>ワーカー %1 に接続しました。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lost the log stream of the worker %1: %2. Reconnecting…</source>
        <translation>ワーカー %1 のログストリームが切断されました: %2。再接続しています…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The worker %1 restarted; following it again.</source>
        <translation>ワーカー %1 が再起動しました。再び追跡します。</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>the worker&apos;s certificate is not trusted: %1</source>
        <translation>ワーカーの証明書は信頼されていません: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the worker asks for a token: start the console with NECROCODE_HEALTH_TOKEN_FILE naming the fleet&apos;s token file</source>
        <translation>ワーカーがトークンを求めています: フリートのトークンファイルを NECROCODE_HEALTH_TOKEN_FILE に指定してコンソールを起動してください</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP %1 from /health</source>
        <translation>/health から HTTP %1</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>no report since %1: the worker does not answer (%2)</source>
        <translation>%1 以降報告なし: ワーカーが応答しません（%2）</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Metrics unreadable: %1</source>
        <translation>メトリクスを読み取れません: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>cost %1</source>
        <translation>コスト %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no price configured</source>
        <translation>価格未設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs: %1 completed, %2 failed; %3 running now
LLM tokens: %4 in, %5 out; %6</source>
        <translation>実行: 完了 %1 件、失敗 %2 件、実行中 %3 件
LLM トークン: 入力 %4、出力 %5、%6</translation>
    </message>
</context>
</TS>
