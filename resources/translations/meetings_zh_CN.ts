<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MeetingDayDialog</name>
    <message>
        <location filename="../../desktop/meetings/day_view.py" line="+83"/>
        <source>Meeting on the day</source>
        <translation>会议现场</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Print notice…</source>
        <translation>打印通知…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the invitation to all parties as a PDF (Ctrl+P)</source>
        <translation>将致各方的约请通知保存为 PDF（Ctrl+P）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the meeting</source>
        <translation>结束会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark the meeting held: every party checked in and the minutes written</source>
        <translation>标记会议已召开：各方均已签到、纪要已填写</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This occurrence of the regular meeting has no records yet. Start recording to check the parties in.</source>
        <translation>本次例行会议尚无记录。开始记录后即可为各方签到。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start recording</source>
        <translation>开始记录</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Check each party in as it arrives (keys 1-4 on the selected row). The requesting committee rates the departments&apos; response after the meeting.</source>
        <translation>各方到场时逐一签到（选中行后按 1-4 键）。会后由提出约请的村居对各部门的响应进行评价。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Party</source>
        <translation>参会方</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attendance</source>
        <translation>到会情况</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attendee or deputy</source>
        <translation>参会人或代表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checked in</source>
        <translation>签到时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rating by the committee</source>
        <translation>村居评价</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+280"/>
        <source>Comment</source>
        <translation>评语</translation>
    </message>
    <message>
        <location line="-264"/>
        <source>Check-in and ratings</source>
        <translation>签到与评价</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Minutes</source>
        <translation>会议纪要</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Who said what, what was agreed, what is left open…</source>
        <translation>各方意见、议定事项、遗留问题……</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save minutes</source>
        <translation>保存纪要</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Decisions</source>
        <translation>议定事项</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A decision of the meeting; Enter adds it</source>
        <translation>会议议定事项，按回车添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add decision</source>
        <translation>添加议定事项</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Minutes and decisions</source>
        <translation>纪要与议定事项</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+14"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Owner department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+21"/>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Deadline</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case state</source>
        <translation>案件状态</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New follow-up task (becomes a case for the owner)</source>
        <translation>新增跟进任务（立案派给责任部门）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What is to be done</source>
        <translation>需要落实的事项</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Person responsible (optional)</source>
        <translation>具体责任人（可选）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Deadline and category</source>
        <translation>时限与案件类别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From decision</source>
        <translation>对应议定事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create case</source>
        <translation>立案派单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Follow-up tasks</source>
        <translation>跟进任务</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Agenda</source>
        <translation>议程</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Scheduling warnings</source>
        <translation>排期提醒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notices in the outbox</source>
        <translation>待发/已发通知</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To</source>
        <translation>发往</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Queued</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print the selected notice…</source>
        <translation>打印选中的通知…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agenda and notices</source>
        <translation>议程与通知</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{name} (district)</source>
        <translation>{name}（区级）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>at {place}</source>
        <translation>地点：{place}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>requested by {unit}</source>
        <translation>约请方：{unit}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Meeting on the day — {title}</source>
        <translation>会议现场 — {title}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Last saved {at} by {name}</source>
        <translation>{name} 于 {at} 保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>— none —</source>
        <translation>— 无 —</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No clashes with other meetings.</source>
        <translation>与其他会议无冲突。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This meeting was cancelled: {reason}</source>
        <translation>本次会议已取消：{reason}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>District office</source>
        <translation>区级部门</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not rated</source>
        <translation>未评价</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Enter the name of the deputy {party} sent, then press “Sent a deputy” again.</source>
        <translation>请先填写{party}委派代表的姓名，再点击“委派代表”。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Minutes saved.</source>
        <translation>纪要已保存。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Enter what is to be done.</source>
        <translation>请填写需要落实的事项。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the department that owns the task.</source>
        <translation>请选择责任部门。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The deadline must be in the future.</source>
        <translation>办结时限必须晚于当前时间。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Check in every party first: {names}</source>
        <translation>请先为以下各方签到：{names}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save the minutes first (Ctrl+S).</source>
        <translation>请先保存会议纪要（Ctrl+S）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The meeting is closed.</source>
        <translation>会议已结束。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save notice as PDF</source>
        <translation>将通知保存为 PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Select a notice in the list first.</source>
        <translation>请先在列表中选择一条通知。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Print notice</source>
        <translation>打印通知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notice saved to {path}</source>
        <translation>通知已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>MeetingNotice</name>
    <message>
        <location filename="../../desktop/meetings/notice_pdf.py" line="+27"/>
        <source>{y}-{m:02d}-{d:02d} ({weekday}) {hm}</source>
        <translation>{y}年{m:02d}月{d:02d}日（{weekday}）{hm}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Meeting reminder</source>
        <translation>会议提醒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notice of a changed meeting</source>
        <translation>会议变更通知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notice of a cancelled meeting</source>
        <translation>会议取消通知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invitation to a joint on-site meeting</source>
        <translation>基层约请现场办公会议通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting notice</source>
        <translation>会议通知</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(place to be announced)</source>
        <translation>（地点另行通知）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To: {party}</source>
        <translation>致{party}：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To all parties concerned:</source>
        <translation>各有关单位：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The {kind} “{title}” planned at {place} from {start} to {end} is cancelled.</source>
        <translation>原定于{start}至{end}在{place}召开的“{title}”{kind}取消。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The {kind} “{title}” has been changed: it is now held at {place} from {start} to {end}. Please note the new time and place.</source>
        <translation>“{title}”{kind}有变更：改为{start}至{end}在{place}召开，请留意新的时间和地点。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A reminder: the {kind} “{title}” is held at {place} from {start} to {end}. Please attend on time.</source>
        <translation>温馨提醒：“{title}”{kind}将于{start}至{end}在{place}召开，请准时参加。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At the request of {requester}, a {kind} on “{title}” will be held at {place} from {start} to {end}. Please send the responsible person to attend on time.</source>
        <translation>应{requester}约请，定于{start}至{end}在{place}召开“{title}”{kind}，请贵单位负责同志准时参加。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A {kind} on “{title}” will be held at {place} from {start} to {end}. Please attend on time.</source>
        <translation>定于{start}至{end}在{place}召开“{title}”{kind}，请准时参加。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requested by</source>
        <translation>约请方</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invited</source>
        <translation>受邀单位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agenda</source>
        <translation>议程</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Organiser: {name}</source>
        <translation>经办人：{name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(seal)</source>
        <translation>（盖章）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generated by GridDesk; the notice is also delivered electronically. Notice no. {n}</source>
        <translation>本通知由网格指挥台生成，并同步以电子方式送达。通知编号 {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{town} grid command centre</source>
        <translation>{town}网格化综合指挥中心</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Grid command centre</source>
        <translation>网格化综合指挥中心</translation>
    </message>
</context>
<context>
    <name>Meetings</name>
    <message>
        <location filename="../../desktop/meetings/texts.py" line="+18"/>
        <source>Joint on-site meeting</source>
        <translation>约请现场办公</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consultation meeting</source>
        <translation>协商议事会</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Party-building joint meeting</source>
        <translation>党建联席会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regular work meeting</source>
        <translation>工作例会</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On-site</source>
        <translation>约请</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consult</source>
        <translation>协商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Joint mtg</source>
        <translation>联席</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regular</source>
        <translation>例会</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Scheduled</source>
        <translation>已安排</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held</source>
        <translation>已召开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not checked in</source>
        <translation>未签到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Present</source>
        <translation>到会</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>迟到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent a deputy</source>
        <translation>委派代表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent</source>
        <translation>缺席</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Department</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village / committee</source>
        <translation>村居</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outside party</source>
        <translation>外部单位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requester</source>
        <translation>约请方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invited</source>
        <translation>受邀方</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Property company</source>
        <translation>物业公司</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Developer</source>
        <translation>开发商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Invitation</source>
        <translation>约请通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reminder</source>
        <translation>会议提醒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change notice</source>
        <translation>变更通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancellation notice</source>
        <translation>取消通知</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting to be sent</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every week</source>
        <translation>每周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every second week</source>
        <translation>每两周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every month</source>
        <translation>每月</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move to the next working day</source>
        <translation>顺延至下一个工作日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skip that meeting</source>
        <translation>当次不开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold it anyway</source>
        <translation>照常召开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>first</source>
        <translation>第一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>second</source>
        <translation>第二个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>third</source>
        <translation>第三个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fourth</source>
        <translation>第四个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last</source>
        <translation>最后一个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>{month}/{day} {weekday}</source>
        <translation>{month}月{day}日 {weekday}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{party} is already booked {when} for “{meeting}”.</source>
        <translation>{party}在{when}已有安排：“{meeting}”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The place is already booked {when} for “{meeting}”.</source>
        <translation>该地点在{when}已被“{meeting}”占用。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{day} is a holiday ({name}).</source>
        <translation>{day}是节假日（{name}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{day} is not a working day.</source>
        <translation>{day}不是工作日。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outside office hours (08:30-12:00, 13:00-17:30).</source>
        <translation>不在办公时间内（08:30-12:00，13:00-17:30）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The meeting would start in the past.</source>
        <translation>会议开始时间已过。</translation>
    </message>
</context>
<context>
    <name>MeetingsCommon</name>
    <message>
        <location filename="../../desktop/meetings/__init__.py" line="+47"/>
        <source>Meetings</source>
        <translation>会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/meetings/screens.py" line="+51"/>
        <source>Meetings are not available: this data source has no database.</source>
        <translation>会议功能不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location filename="../../desktop/meetings/common.py" line="+32"/>
        <source>The meeting clashes with others; nothing was saved.</source>
        <translation>该会议与其他安排冲突，未保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Someone else changed this meeting first. Reload it and try again.</source>
        <translation>他人已先修改了该会议，请刷新后重试。</translation>
    </message>
</context>
<context>
    <name>MeetingsWindow</name>
    <message>
        <location filename="../../desktop/meetings/window.py" line="+93"/>
        <source>Meetings — joint on-site meetings and regular meetings</source>
        <translation>会议 — 基层约请现场办公与例会</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Meetings are not available: this data source has no database. Start GridDesk with --db to schedule meetings.</source>
        <translation>会议功能不可用：当前数据源没有数据库。请使用 --db 启动网格指挥台后再安排会议。</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+138"/>
        <location line="+219"/>
        <source>Meetings</source>
        <translation>会议</translation>
    </message>
    <message>
        <location line="-352"/>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the previous week</source>
        <translation>查看上一周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the current week</source>
        <translation>回到本周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the next week</source>
        <translation>查看下一周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New meeting…</source>
        <translation>新建会议…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule a joint on-site meeting, a consultation or a regular meeting</source>
        <translation>安排约请现场办公、协商议事会或例会</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+102"/>
        <source>On the day…</source>
        <translation>会议现场…</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Check-in, minutes, decisions, follow-ups and ratings of the selected meeting</source>
        <translation>选中会议的签到、纪要、议定事项、跟进任务和评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+102"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="-102"/>
        <source>Change the selected meeting</source>
        <translation>修改选中的会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel meeting…</source>
        <translation>取消会议…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the selected meeting and notify every party</source>
        <translation>取消选中的会议并通知各方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue reminders</source>
        <translation>生成提醒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue reminders to the parties of the meetings in the next 24 hours</source>
        <translation>为未来24小时内的会议向各方生成提醒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print notice…</source>
        <translation>打印通知…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the selected meeting&apos;s notice as a PDF</source>
        <translation>将选中会议的通知保存为 PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reload the week</source>
        <translation>重新加载本周</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Double-click an empty time to schedule a meeting there</source>
        <translation>双击空白时段即可在该时段安排会议</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Upcoming (7 days)</source>
        <translation>近期会议（7天）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department ratings</source>
        <translation>部门评价</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Meetings this week: {n}; with clashes: {c}</source>
        <translation>本周 {n} 场会议，{c} 场有冲突</translation>
    </message>
    <message>
        <location line="-142"/>
        <source>Clash</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Cancel…</source>
        <translation>取消…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stars</source>
        <translation>星级</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{y}-{m:02d}-{d:02d} to {m2:02d}-{d2:02d} · week {w}</source>
        <translation>{y}-{m:02d}-{d:02d} 至 {m2:02d}-{d2:02d} · 第{w}周</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The requesting villages&apos; and committees&apos; ratings from {start} to today; an absent department scores 0, late -10, a deputy -5.</source>
        <translation>{start}至今约请村居对各部门的评价；缺席计0分，迟到扣10分，委派代表扣5分。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Live: following other workstations</source>
        <translation>实时：同步其他工作站</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Live updates off: {reason}</source>
        <translation>实时同步已停止：{reason}</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>No meeting selected</source>
        <translation>未选择会议</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click a meeting in the calendar to see it here; double-click an empty time to schedule one there.</source>
        <translation>单击日程中的会议在此查看；双击空白时段可在该时段安排会议。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Place: {place}</source>
        <translation>地点：{place}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Requested by: {unit}</source>
        <translation>约请方：{unit}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invited: {parties}</source>
        <translation>受邀：{parties}</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>Cancel meeting</source>
        <translation>取消会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why is “{title}” cancelled? Every party is notified.</source>
        <translation>“{title}”取消的原因？将通知各方。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter a reason for cancelling.</source>
        <translation>请填写取消原因。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Save notice as PDF</source>
        <translation>将通知保存为 PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Notice saved to {path}</source>
        <translation>通知已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <location filename="../../desktop/meetings/schedule_dialog.py" line="+94"/>
        <source>Edit meeting</source>
        <translation>修改会议</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Schedule a meeting</source>
        <translation>安排会议</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>A village or committee invites departments to hold office on site; the check on the right runs as you type.</source>
        <translation>村居约请职能部门到现场办公；右侧的排期检查随填写实时进行。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the meeting is about, e.g. falling external wall tiles</source>
        <translation>会议事由，例如：小区外墙饰面砖脱落</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Requested by</source>
        <translation>约请方</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+271"/>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location line="-267"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type to search the key points</source>
        <translation>输入名称搜索重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key point</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Point on the map</source>
        <translation>地图坐标</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. the estate&apos;s property service centre</source>
        <translation>例如：小区物业服务中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place name</source>
        <translation>地点名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agenda</source>
        <translation>议程</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Agenda item</source>
        <translation>议程事项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case number (optional)</source>
        <translation>案件编号（可选）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Repeats (regular meeting)</source>
        <translation>重复（例行会议）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>on the weekday of the chosen week</source>
        <translation>在第几周的星期几</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on the day of the month</source>
        <translation>在每月同一日</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Frequency</source>
        <translation>频次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Until</source>
        <translation>截至</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ends</source>
        <translation>结束</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On a holiday</source>
        <translation>遇节假日</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Invited parties</source>
        <translation>受邀各方</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add outside party…</source>
        <translation>添加外部单位…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Scheduling check</source>
        <translation>排期检查</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+379"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="-371"/>
        <source>Next free slots for all parties and the place:</source>
        <translation>各方及地点均空闲的最近时段：</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Ctrl+Enter saves · Alt+1/2/3 takes a suggested slot</source>
        <translation>Ctrl+Enter 保存 · Alt+1/2/3 选用建议时段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+401"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="-401"/>
        <location line="+401"/>
        <source>Schedule</source>
        <translation>安排</translation>
    </message>
    <message>
        <location line="-349"/>
        <location line="+5"/>
        <source>— none —</source>
        <translation>— 无 —</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Town departments</source>
        <translation>镇职能部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District offices</source>
        <translation>区级部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Villages and committees</source>
        <translation>村居</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outside parties</source>
        <translation>外部单位</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>linked case</source>
        <translation>关联案件</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Invited: {n}</source>
        <translation>已邀请 {n} 方</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Warnings: {n}. See below; pick a free slot or save anyway.</source>
        <translation>{n} 项提醒：见下方；可选用空闲时段，或仍然保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes: {n}; nothing clashes.</source>
        <translation>{n} 项提示；无冲突。</translation>
    </message>
    <message>
        <location line="-66"/>
        <location line="+4"/>
        <source>Add outside party</source>
        <translation>添加外部单位</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Name (e.g. a property company):</source>
        <translation>名称（如物业公司）：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The check could not run: {reason}</source>
        <translation>无法完成检查：{reason}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>√ No clashes: every party and the place are free, and it is a working day.</source>
        <translation>√ 无冲突：各方及地点均空闲，且为工作日。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Move the meeting to this time (Alt+{n})</source>
        <translation>将会议改到此时段（Alt+{n}）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Schedule anyway</source>
        <translation>仍然安排</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter a title for the meeting.</source>
        <translation>请填写会议名称。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the village or committee that requests the joint on-site meeting.</source>
        <translation>请选择提出约请的村居。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invite at least one department or outside party.</source>
        <translation>请至少邀请一个职能部门或外部单位。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invite at least one party.</source>
        <translation>请至少邀请一方。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose where the meeting is held: a key point, a point on the map or a place name.</source>
        <translation>请选择会议地点：重点点位、地图坐标或地点名称。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The last day of a regular meeting cannot be before its first day.</source>
        <translation>例行会议的截止日期不能早于首次会议日期。</translation>
    </message>
</context>
<context>
    <name>UpcomingMeetingsWidget</name>
    <message>
        <location filename="../../desktop/meetings/upcoming.py" line="+119"/>
        <source>Upcoming meetings</source>
        <translation>近期会议</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Meetings are not available: this data source has no database.</source>
        <translation>会议功能不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No meetings in the next {n} days.</source>
        <translation>未来 {n} 天没有会议。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The meetings could not be loaded: {reason}</source>
        <translation>无法加载会议：{reason}</translation>
    </message>
</context>
<context>
    <name>WeekCalendar</name>
    <message>
        <location filename="../../desktop/meetings/calendar_view.py" line="+236"/>
        <source>No meetings this week. Double-click a time to schedule one.</source>
        <translation>本周没有会议。双击某一时段即可安排会议。</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Make-up working day</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Meetings: {n}</source>
        <translation>{n} 场会议</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Parties: {n}</source>
        <translation>{n} 方参会</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Place: {place}</source>
        <translation>地点：{place}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Requested by: {unit}</source>
        <translation>约请方：{unit}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invited: {parties}</source>
        <translation>受邀：{parties}</translation>
    </message>
</context>
</TS>
