<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssessmentPanel</name>
    <message>
        <location filename="../../desktop/supervision/assessment.py" line="+83"/>
        <source>Department assessment</source>
        <translation>职能部门考核</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Villages&apos; ratings…</source>
        <translation>村居评分…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Weights…</source>
        <translation>权重设置…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Finalise…</source>
        <translation>定稿…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Total score (marker: previous cycle)</source>
        <translation>总分（灰色标记：上期）</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>finalised</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>provisional, as of {t}</source>
        <translation>暂定，数据截至 {t}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Weights: {w}. Trend against {prev}.</source>
        <translation>权重：{w}。趋势对比 {prev}。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Rank {prev} in the previous cycle</source>
        <translation>上期排名第 {prev}</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Export to Excel</source>
        <translation>导出为 Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+24"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+24"/>
        <source>Could not write {path}: {e}</source>
        <translation>无法写入 {path}：{e}</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Export to PDF</source>
        <translation>导出为 PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Finalise the assessment</source>
        <translation>考核定稿</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Freeze the results of {cycle}? They are tied to pay and ranking and will no longer change.</source>
        <translation>确定将 {cycle} 的考核结果定稿？结果与绩效和排名挂钩，定稿后不再变动。</translation>
    </message>
</context>
<context>
    <name>InspectionDialog</name>
    <message>
        <location filename="../../desktop/supervision/inspections.py" line="+393"/>
        <source>Record the inspection</source>
        <translation>记录督查</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Title, e.g. deputy mayor</source>
        <translation>职务，如：副镇长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name of the town leader</source>
        <translation>镇领导姓名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Led by</source>
        <translation>带队领导</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>From – to</source>
        <translation>起止时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Participants</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Summary</source>
        <translation>督查小结</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agenda items</source>
        <translation>督查事项</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What was found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agenda item</source>
        <translation>所属事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category (for a case)</source>
        <translation>类别（立案用）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add a finding</source>
        <translation>添加问题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images (*.jpg *.jpeg *.png *.heic);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>InspectionPanel</name>
    <message>
        <location line="-469"/>
        <source>Biweekly inspection</source>
        <translation>双周督查</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record the inspection…</source>
        <translation>按议程记录督查…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record an inspection with the ticked agenda items (Ctrl+N)</source>
        <translation>按勾选的议程事项记录督查（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Report PDF…</source>
        <translation>督查报告 PDF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the selected inspection&apos;s report (Ctrl+P)</source>
        <translation>导出所选督查的报告（Ctrl+P）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Proposed agenda</source>
        <translation>议程建议</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Untick what the inspection will not look at.</source>
        <translation>取消勾选本次不督查的事项。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Past inspections</source>
        <translation>督查记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Led by</source>
        <translation>带队领导</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems</source>
        <translation>问题事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+128"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>Cases</source>
        <translation>立案</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Next inspection: {day} afternoon · agenda since {since}</source>
        <translation>下次督查：{day} 下午 · 议程统计自 {since}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Proposed agenda ({n} items)</source>
        <translation>议程建议（{n} 项）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{g} ({n})</source>
        <translation>{g}（{n}）</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Inspection of {day}</source>
        <translation>{day} 督查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agenda items</source>
        <translation>督查事项</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Led by {who}, {start}–{end}</source>
        <translation>{who} 带队，{start}–{end}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Participants: {p}</source>
        <translation>参加人员：{p}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Photos</source>
        <translation>现场照片</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Export the inspection report</source>
        <translation>导出督查报告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not write {path}: {e}</source>
        <translation>无法写入 {path}：{e}</translation>
    </message>
</context>
<context>
    <name>PatrolDialog</name>
    <message>
        <location filename="../../desktop/supervision/patrols.py" line="+412"/>
        <source>Record a patrol</source>
        <translation>记录巡查</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Responsibility grid</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>From – to</source>
        <translation>起止时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leader</source>
        <translation>带队网格长</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Members</source>
        <translation>同行人员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What was found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Category (for a case)</source>
        <translation>类别（立案用）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add a finding</source>
        <translation>添加问题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>Pick the responsibility grid.</source>
        <translation>请选择责任网格。</translation>
    </message>
</context>
<context>
    <name>PatrolPanel</name>
    <message>
        <location line="-501"/>
        <source>Patrol records</source>
        <translation>巡查记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record a patrol…</source>
        <translation>记录巡查…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record a patrol (Ctrl+N)</source>
        <translation>记录巡查（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Patrols per grid and day (two a day)</source>
        <translation>各网格每日巡查（每日两次）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>green: both patrols · amber: one missed · red: both missed · — not due yet</source>
        <translation>绿：两次均已巡查 · 橙：漏巡一次 · 红：两次均漏巡 · —：尚未到时</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Patrols</source>
        <translation>巡查</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Last {n} days: {done} of {due} patrols done ({rate}), {missed} missed</source>
        <translation>近 {n} 天：应巡 {due} 次，已巡 {done} 次（{rate}），漏巡 {missed} 次</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Missed</source>
        <translation>漏巡</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{grid}, {day}: {done} of {due} due patrols done ({n} records)</source>
        <translation>{grid}，{day}：应巡 {due} 次，已巡 {done} 次（{n} 条记录）</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>{day}: {missed} patrols missed</source>
        <translation>{day}：漏巡 {missed} 次</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Patrols of {grid} on {day}</source>
        <translation>{grid} {day} 的巡查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Patrols on {day}</source>
        <translation>{day} 的巡查</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{start}–{end} {grid} · {leader} · {km} km · {n} findings, {c} cases</source>
        <translation>{start}–{end} {grid} · {leader} · {km} 公里 · 发现 {n} 处，立案 {c} 件</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No patrol recorded.</source>
        <translation>无巡查记录。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Leader: {name}</source>
        <translation>带队：{name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time: {day} {start}–{end}</source>
        <translation>时间：{day} {start}–{end}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Members: {names}</source>
        <translation>同行：{names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Route: {m} m</source>
        <translation>巡查路线：{m} 米</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
</context>
<context>
    <name>RatingsDialog</name>
    <message>
        <location filename="../../desktop/supervision/assessment.py" line="+139"/>
        <source>Villages&apos; ratings of the departments, {cycle}</source>
        <translation>村居对职能部门的评分 {cycle}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Village or committee</source>
        <translation>村/居委会</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Department</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score (0-100)</source>
        <translation>评分（0-100）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>not rated</source>
        <translation>未评分</translation>
    </message>
</context>
<context>
    <name>StatisticsPanel</name>
    <message>
        <location filename="../../desktop/supervision/dashboard.py" line="+175"/>
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cases, first half</source>
        <translation>上半年案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases this year to date</source>
        <translation>今年累计案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional hazard reports, first half</source>
        <translation>上半年专业隐患上报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open cases now</source>
        <translation>当前在办案件</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Click a bar to list its cases</source>
        <translation>点击柱条查看案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cases per day, this year against last year</source>
        <translation>每日案件量（今年与去年对比）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click a day to list its cases</source>
        <translation>点击某日查看案件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cases per month</source>
        <translation>每月案件量</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>blue: this year · grey: last year</source>
        <translation>蓝：今年 · 灰：去年</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cases by source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cases by category (top 12)</source>
        <translation>案件类别（前 12 位）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cases by department (top 12)</source>
        <translation>职能部门（前 12 位）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cases by responsibility grid (top 15)</source>
        <translation>责任网格（前 15 位）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cases per grid this year</source>
        <translation>今年各网格案件分布</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click a grid to list its cases</source>
        <translation>点击网格查看案件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Professional hazard reports</source>
        <translation>专业隐患上报</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>fire hazards and major hazard sources</source>
        <translation>消防隐患与重大危险源</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cases</source>
        <translation>案件列表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>as of {t}</source>
        <translation>数据截至 {t}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{year} H1 · {pct} on last year ({n})</source>
        <translation>{year}年上半年 · 同比 {pct}（去年 {n}）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{pct} on the same period last year</source>
        <translation>较去年同期 {pct}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>fire hazards, major hazard sources</source>
        <translation>消防隐患、重大危险源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reported, being handled or to verify</source>
        <translation>待受理、处置中或待核查</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>cases</source>
        <translation>件</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Professional hazard reports, {year} H1: {n}</source>
        <translation>{year}年上半年专业隐患上报：{n} 件</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+41"/>
        <source>All cases this year</source>
        <translation>今年全部案件</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{total} cases; the newest {n} shown</source>
        <translation>共 {total} 件，显示最新 {n} 件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{total} cases</source>
        <translation>共 {total} 件</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Reported on {day}</source>
        <translation>{day} 上报</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Reported in month {m}</source>
        <translation>{m}月上报</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Source: {name}</source>
        <translation>来源：{name}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Category: {name}</source>
        <translation>类别：{name}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Department: {name}</source>
        <translation>部门：{name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid: {name}</source>
        <translation>网格：{name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this year</source>
        <translation>今年</translation>
    </message>
</context>
<context>
    <name>Supervision</name>
    <message>
        <location filename="../../desktop/supervision/charts.py" line="+222"/>
        <source>{a}: {b}</source>
        <translation>{a}：{b}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Before: {n}</source>
        <translation>对比：{n}</translation>
    </message>
    <message>
        <location line="+141"/>
        <source>{day}: {n} cases, last year {m}</source>
        <translation>{day}：{n} 件，去年同日 {m} 件</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Month {m}: {n} cases, last year {p}</source>
        <translation>{m}月：{n} 件，去年同期 {p} 件</translation>
    </message>
    <message>
        <location filename="../../desktop/supervision/common.py" line="+47"/>
        <source>Overdue {days_overdue} days</source>
        <translation>超期 {days_overdue} 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unfinished for {days_open} days</source>
        <translation>已 {days_open} 天未办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{cases} cases in {days} days</source>
        <translation>{days} 天内 {cases} 件案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{missed} patrols missed since {since}</source>
        <translation>{since} 以来漏巡 {missed} 次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team check (last checked {last_checked})</source>
        <translation>检查队伍（上次检查 {last_checked}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overdue cases</source>
        <translation>超期案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Long unfinished cases</source>
        <translation>长期未办结案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key points with repeated problems</source>
        <translation>问题反复的重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grids with missed patrols</source>
        <translation>有漏巡的网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patrol teams to check</source>
        <translation>待检查的巡查队伍</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../desktop/supervision/exports.py" line="+239"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key point</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/supervision/dashboard.py" line="-415"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In order</source>
        <translation>情况良好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem found</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Became a case</source>
        <translation>立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fixed on the spot</source>
        <translation>即时处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noted</source>
        <translation>记录待办</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Morning</source>
        <translation>上午巡查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afternoon</source>
        <translation>下午巡查</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../desktop/supervision/exports.py" line="-180"/>
        <source>Villages&apos; score</source>
        <translation>村居评分</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/supervision/exports.py" line="-5"/>
        <source>Closure rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/supervision/exports.py" line="+1"/>
        <source>On-time closure rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/supervision/exports.py" line="+1"/>
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average handling time</source>
        <translation>平均处置时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/supervision/exports.py" line="+2"/>
        <source>Accurate-dispatch rate</source>
        <translation>派遣准确率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Group leader</source>
        <translation>组长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Party volunteer</source>
        <translation>党员志愿者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Villager representative</source>
        <translation>村民代表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enforcement</source>
        <translation>执法力量</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Team check (never checked)</source>
        <translation>检查队伍（尚未检查过）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{year} year-end</source>
        <translation>{year}年 年终考核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{year} period {period} (months {a}-{b})</source>
        <translation>{year}年 第{period}期（{a}-{b}月）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Supervision needs the GridDesk database; this data source has none. Open GridDesk on a database (--db) to use it.</source>
        <translation>督查考核需要 GridDesk 数据库，当前数据源没有数据库。请用数据库（--db）打开 GridDesk 后使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/supervision/dashboard.py" line="-3"/>
        <source>Number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/supervision/exports.py" line="-8"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+188"/>
        <source>Department</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location line="-187"/>
        <source>Cases</source>
        <translation>案件数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Average handling time (h)</source>
        <translation>平均处置时长（小时）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location line="+68"/>
        <location line="+157"/>
        <source>Department assessment {cycle}</source>
        <translation>职能部门考核 {cycle}</translation>
    </message>
    <message>
        <location line="-154"/>
        <location line="+159"/>
        <source>Cases reported {start} – {end}; figures as of {as_of}; {state}</source>
        <translation>统计案件上报时间 {start} 至 {end}（不含）；数据截至 {as_of}；{state}</translation>
    </message>
    <message>
        <location line="-153"/>
        <location line="+159"/>
        <source>finalised</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location line="-157"/>
        <location line="+159"/>
        <source>provisional</source>
        <translation>暂定</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>Cases: reported in the cycle and dispatched to the department. On-time closure rate: closed by the deadline / cases due. Rework rate: sent back at least once / cases due. Handling time: dispatch to close. Accurate dispatch: dispatched once and never returned. Trend: places gained since the previous cycle.</source>
        <translation>案件数：本期上报并派遣至该部门的案件。按期结案率：按期结案数 / 应结案数。返工率：返工过的案件数 / 应结案数。处置时长：派遣至结案。派遣准确：仅派遣一次且未被退回。趋势：较上期排名的升降位次。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Inspection report {day}</source>
        <translation>督查报告 {day}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Led by</source>
        <translation>带队领导</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Participants</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Summary</source>
        <translation>督查小结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agenda items</source>
        <translation>督查事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No findings.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos</source>
        <translation>现场照片</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>What was found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Ranking</source>
        <translation>考核排名</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Previous rank</source>
        <translation>上期排名</translation>
    </message>
    <message>
        <location line="-159"/>
        <location line="+199"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part</source>
        <translation>考核项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
</context>
<context>
    <name>SupervisionWindow</name>
    <message>
        <location filename="../../desktop/supervision/window.py" line="+30"/>
        <source>Supervision and assessment</source>
        <translation>督查考核</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Patrols</source>
        <translation>巡查记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspections</source>
        <translation>督查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessment</source>
        <translation>考核排名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
</context>
<context>
    <name>WeightsDialog</name>
    <message>
        <location filename="../../desktop/supervision/assessment.py" line="-137"/>
        <source>Assessment weights</source>
        <translation>考核权重</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The villages&apos; and committees&apos; score holds 50% by default. The parts must add up to 100%.</source>
        <translation>村居评分默认占 50%，各项权重合计须为 100%。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Total: {t}%</source>
        <translation>合计：{t}%</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The weights add up to {t}%; they must add up to 100%.</source>
        <translation>权重合计为 {t}%，须为 100%。</translation>
    </message>
</context>
</TS>
