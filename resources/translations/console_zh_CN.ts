<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertBar</name>
    <message>
        <location filename="../../desktop/console/banner.py" line="+135"/>
        <source>Open case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dismiss</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New urgent case {number}</source>
        <translation>新紧急案件 {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} new urgent cases</source>
        <translation>{n} 件新紧急案件</translation>
    </message>
</context>
<context>
    <name>AttachmentsSection</name>
    <message>
        <location filename="../../desktop/console/attachments.py" line="+74"/>
        <source>Attachments ({n})</source>
        <translation>附件（{n}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add attachment…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attach photos or documents to this case (Ctrl+Shift+A); at most 20 MB each</source>
        <translation>为本案件添加照片或文件（Ctrl+Shift+A），每个不超过 20 MB</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No attachments.</source>
        <translation>暂无附件。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>workstation {ws}</source>
        <translation>工作站 {ws}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>removed by {who} at {at}: {reason}</source>
        <translation>已由 {who} 于 {at} 移除：{reason}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+21"/>
        <location line="+3"/>
        <location line="+4"/>
        <location line="+26"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Add attachment</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos and documents (*.jpg *.jpeg *.png *.gif *.bmp *.heic *.pdf *.doc *.docx *.xls *.xlsx *.txt *.mp4);;All files (*)</source>
        <translation>照片和文档 (*.jpg *.jpeg *.png *.gif *.bmp *.heic *.pdf *.doc *.docx *.xls *.xlsx *.txt *.mp4);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{name} cannot be read; check the file and try again.</source>
        <translation>无法读取 {name}，请检查文件后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} is empty; choose a file with content.</source>
        <translation>{name} 是空文件，请选择有内容的文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} is {size}; attachments may be at most 20 MB. Make it smaller or split it.</source>
        <translation>{name} 大小为 {size}，附件不能超过 20 MB，请压缩或拆分后再添加。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saving {name}…</source>
        <translation>正在保存 {name}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Remove attachment</source>
        <translation>移除附件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why remove {name}? It stays on record, marked as removed.</source>
        <translation>移除 {name} 的原因？附件仍将留档，仅标记为已移除。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give a reason for removing the attachment.</source>
        <translation>请填写移除附件的原因。</translation>
    </message>
</context>
<context>
    <name>CaseDetailPanel</name>
    <message>
        <location filename="../../desktop/console/detail.py" line="+139"/>
        <source>The case console is not available: this data source has no database.</source>
        <translation>案件处置台不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+23"/>
        <source>Select a case in the queue or on the map.</source>
        <translation>请在案件队列或地图上选择一个案件。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Case {id} no longer exists.</source>
        <translation>案件 {id} 已不存在。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taken by {name}</source>
        <translation>{name} 办理中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>police-type</source>
        <translation>警务类</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>hazard</source>
        <translation>专业隐患</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Closed {time}</source>
        <translation>{time} 结案</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Joint on-site meetings are not available in this build.</source>
        <translation>此版本暂不提供约请现场办公。</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no grid</source>
        <translation>无网格</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in {name}</source>
        <translation>属 {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>grid leader {name}</source>
        <translation>网格长 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>QR {code}</source>
        <translation>二维码 {code}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key point</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{code} {name} · time limit {h} working hours · dispatch within {m} min</source>
        <translation>{code} {name} · 时限 {h} 个工作小时 · {m} 分钟内派单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Level</source>
        <translation>响应级别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>district</source>
        <translation>区级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reported {t}</source>
        <translation>上报 {t}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>registered {t}</source>
        <translation>立案 {t}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>dispatched {t}</source>
        <translation>派单 {t}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Times</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>dispatch by {t}</source>
        <translation>须于 {t} 前派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taken by</source>
        <translation>办理人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reworks</source>
        <translation>返工次数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Merged into</source>
        <translation>已合并至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none given</source>
        <translation>未留联系方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Possible duplicates ({n})</source>
        <translation>疑似重复（{n}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{m} m</source>
        <translation>{m} 米</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>None of the same category within 250 m and 7 days.</source>
        <translation>250 米、7 天内没有同类案件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Extension requests</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{who} asked on {at} for {deadline}: {reason} · {status}</source>
        <translation>{who} 于 {at} 申请延期至 {deadline}：{reason} · {status}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>decided by {who} on {at}</source>
        <translation>{who} 于 {at} 审批</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Messages and documents</source>
        <translation>外发消息与文书</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open PDF</source>
        <translation>打开 PDF</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Render again</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Timeline ({n})</source>
        <translation>办理过程（{n}）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>workstation {ws}</source>
        <translation>工作站 {ws}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>changed: {fields}</source>
        <translation>变更：{fields}</translation>
    </message>
</context>
<context>
    <name>CaseWindow</name>
    <message>
        <location filename="../../desktop/console/controller.py" line="+77"/>
        <source>Case {id}</source>
        <translation>案件 {id}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Case {number} · {state}</source>
        <translation>案件 {number} · {state}</translation>
    </message>
</context>
<context>
    <name>CategoryDialog</name>
    <message>
        <location filename="../../desktop/console/dialogs.py" line="+429"/>
        <source>Set the category</source>
        <translation>设置类别</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set category</source>
        <translation>设置类别</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The checklist item decides police or non-police, urgency, the default level and the deadline.</source>
        <translation>管理清单事项决定警务类或非警务类、是否紧急、默认响应级别和处置时限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why the category changes (optional)</source>
        <translation>更改类别的原因（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a category from the checklist.</source>
        <translation>请从管理清单中选择类别。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The case already has this category; choose another.</source>
        <translation>案件已是此类别，请选择其他类别。</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <location line="+391"/>
        <source>Close the case</source>
        <translation>结案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close case</source>
        <translation>结案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Closing note (optional)</source>
        <translation>结案说明（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ConsoleAction</name>
    <message>
        <location filename="../../desktop/console/actions.py" line="+81"/>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handled on the spot</source>
        <translation>即时处置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Escalate to district</source>
        <translation>抄报区级</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forward to police</source>
        <translation>转警务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set category</source>
        <translation>设置类别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record feedback</source>
        <translation>登记反馈</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Return (not ours)</source>
        <translation>退回（非本部门）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decide extension</source>
        <translation>审批延期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify on site</source>
        <translation>现场核查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close case</source>
        <translation>结案</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send back for rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Long-term register</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off the long-term register</source>
        <translation>撤销挂账</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Merge duplicate</source>
        <translation>合并重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Joint on-site meeting</source>
        <translation>约请现场办公</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take this case</source>
        <translation>接手此案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release</source>
        <translation>释放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reveal contact</source>
        <translation>查看联系方式</translation>
    </message>
</context>
<context>
    <name>ConsoleController</name>
    <message>
        <location filename="../../desktop/console/controller.py" line="+36"/>
        <source>Case detail</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <location line="+124"/>
        <location line="+55"/>
        <source>Select a case first.</source>
        <translation>请先选择一个案件。</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+92"/>
        <location line="+220"/>
        <source>The case console is not available: this data source has no database.</source>
        <translation>案件处置台不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location line="-303"/>
        <source>{action} is not possible for case {number} now ({state}).</source>
        <translation>案件 {number} 当前（{state}）不能执行“{action}”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Case {number} is now yours.</source>
        <translation>案件 {number} 已由您接手。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case {number} is back in its queue.</source>
        <translation>案件 {number} 已放回队列。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>{action}: case {number}</source>
        <translation>{action}：案件 {number}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>GridDesk</source>
        <translation>GridDesk 网格指挥台</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Your role does not take cases from this queue.</source>
        <translation>您的角色不从此队列接案。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No unclaimed case waiting in this queue.</source>
        <translation>此队列中没有待接手的案件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You took the next case.</source>
        <translation>已接手下一个案件。</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Could not write the escalation sheet: {error}</source>
        <translation>无法生成抄报单：{error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Escalation sheet saved: {path}</source>
        <translation>抄报单已保存：{path}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Joint on-site meetings are not available in this build.</source>
        <translation>此版本暂不提供约请现场办公。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Shift handed over.</source>
        <translation>已交班。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handover acknowledged.</source>
        <translation>已确认接班。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{who} handed the shift over to you: open Shift handover (Ctrl+H) to acknowledge.</source>
        <translation>{who} 已向您交班：请打开“交接班”（Ctrl+H）确认接班。</translation>
    </message>
</context>
<context>
    <name>ConsoleDialog</name>
    <message>
        <location filename="../../desktop/console/dialogs.py" line="-701"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter 确定</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>This case was just changed by {who} on workstation {ws} at {time}: {what}. Your input is kept; check the case before you save.</source>
        <translation>此案件刚刚被 {who} 在工作站 {ws} 于 {time} 更改：{what}。您的输入已保留，请先核对案件再保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>someone</source>
        <translation>他人</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This case was just changed elsewhere. Your input is kept; check the case before you save.</source>
        <translation>此案件刚刚在别处被更改。您的输入已保留，请先核对案件再保存。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is now: {state}.</source>
        <translation>当前状态：{state}。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Please check your entries</source>
        <translation>请检查填写内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The case console is not available: this data source has no database.</source>
        <translation>案件处置台不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>police-type</source>
        <translation>警务类</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>non-police</source>
        <translation>非警务类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time limit {h} working hours</source>
        <translation>时限 {h} 个工作小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dispatch within {m} min</source>
        <translation>{m} 分钟内派单</translation>
    </message>
</context>
<context>
    <name>ConsoleDocument</name>
    <message>
        <location filename="../../desktop/console/documents.py" line="+58"/>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>police-type</source>
        <translation>警务类</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>non-police</source>
        <translation>非警务类</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key point</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{district} {town} grid command centre</source>
        <translation>{district}{town}网格化综合指挥中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+56"/>
        <source>To: {department}</source>
        <translation>致{department}：</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>The town platform copies this case to your department (response level 3) and asks for your handling. The reason and the case&apos;s history are below.</source>
        <translation>现将此案件抄报贵单位（三级响应），请予处置。抄报原因及办理过程见下。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Town department</source>
        <translation>镇职能部门</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reason for escalation</source>
        <translation>抄报原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Escalated by</source>
        <translation>抄报人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{who}, workstation {ws}, {time}</source>
        <translation>{who}，工作站 {ws}，{time}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case history</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Please report the result to the town platform within the deadline.</source>
        <translation>请在时限内将处置结果反馈镇平台。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(seal)</source>
        <translation>（盖章）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Generated by GridDesk from escalation record no. {n}; reporter details are withheld.</source>
        <translation>由 GridDesk 根据抄报记录 {n} 生成；上报人信息不予显示。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Escalation sheet</source>
        <translation>抄报单</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dispatch notice</source>
        <translation>派单通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatch notice (dispatched again)</source>
        <translation>派单通知（重新派单）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalation notice</source>
        <translation>抄报通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The town platform escalates this case to your department. Reason: {reason}</source>
        <translation>镇平台现将此案件抄报贵单位。原因：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The town platform dispatches this case to your department; please handle it and report back before the deadline.</source>
        <translation>镇平台现将此案件派至贵单位，请在时限内处置并反馈。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Instructions</source>
        <translation>处置要求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dispatched by</source>
        <translation>派单人</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Generated by GridDesk; the notice is also delivered electronically. Notice no. {n}</source>
        <translation>由 GridDesk 生成，本通知同时以电子方式送达。通知编号 {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grid command centre</source>
        <translation>网格化综合指挥中心</translation>
    </message>
</context>
<context>
    <name>ConsoleText</name>
    <message>
        <location filename="../../desktop/console/detail.py" line="+12"/>
        <location filename="../../desktop/console/texts.py" line="+30"/>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../desktop/console/texts.py" line="+1"/>
        <source>Verified and registered</source>
        <translation>核实立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category corrected</source>
        <translation>更正类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handled on the spot</source>
        <translation>即时处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatched</source>
        <translation>派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatched again</source>
        <translation>重新派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated to district</source>
        <translation>抄报区级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forwarded to police</source>
        <translation>转警务平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extension requested</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extension granted</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extension refused</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified on site</source>
        <translation>现场核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent back for rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put on the long-term register</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken off the long-term register</source>
        <translation>撤销挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merged into another case</source>
        <translation>合并至其他案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merged with a duplicate</source>
        <translation>合并重复案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>接手</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Released</source>
        <translation>释放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachment added</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachment removed</source>
        <translation>移除附件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Level 1 · handled on the spot</source>
        <translation>一级 · 即发现即处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level 2 · town department</source>
        <translation>二级 · 平台派单至镇职能部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level 3 · district department</source>
        <translation>三级 · 抄报区级部门</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Level 1</source>
        <translation>一级响应</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level 2</source>
        <translation>二级响应</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level 3</source>
        <translation>三级响应</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To the police platform</source>
        <translation>推送警务平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notice to the department</source>
        <translation>部门通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalation sheet (PDF)</source>
        <translation>抄报单（PDF）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>waiting for a decision</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>shop</source>
        <translation>商铺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>river</source>
        <translation>河道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>construction site</source>
        <translation>在建工地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>public place</source>
        <translation>公共场所</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>level</source>
        <translation>响应级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>police-type</source>
        <translation>警务类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reworks</source>
        <translation>返工次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>taken by</source>
        <translation>办理人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>registered</source>
        <translation>立案时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dispatched</source>
        <translation>派单时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>merged into</source>
        <translation>合并至</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Someone else changed this case first</source>
        <translation>此案件已被他人先行更改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your role may not do this</source>
        <translation>您的角色无权执行此操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please check your entries</source>
        <translation>请检查填写内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This cannot be done in the case&apos;s current state</source>
        <translation>案件当前状态下不能执行此操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The record no longer exists</source>
        <translation>记录已不存在</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection broke while saving: check whether the change was saved</source>
        <translation>保存时连接中断：请核对更改是否已保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database cannot be reached; nothing was saved</source>
        <translation>无法连接数据库，未保存任何内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Another workstation was changing the same case; nothing was saved, try again</source>
        <translation>其他工作站正在更改同一案件，未保存任何内容，请重试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign-in problem</source>
        <translation>登录问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The action was refused</source>
        <translation>操作被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong; nothing was saved</source>
        <translation>出现错误，未保存任何内容</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Now: {state}</source>
        <translation>当前：{state}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>department {name}</source>
        <translation>部门 {name}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>last step: {what} by {who} on workstation {ws} at {when}</source>
        <translation>最近一步：{who} 在工作站 {ws} 于 {when} {what}</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <location filename="../../desktop/console/dialogs.py" line="+142"/>
        <source>Dispatch again</source>
        <translation>重新派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatch to a town department</source>
        <translation>派单至镇职能部门</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dispatch (F3)</source>
        <translation>派单 (F3)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Loading suggestions…</source>
        <translation>正在载入推荐部门…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What the department should do (optional)</source>
        <translation>处置要求（选填）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep the category deadline: {time}</source>
        <translation>按类别时限：{time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set a deadline:</source>
        <translation>指定时限：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Send the dispatch notice to the department</source>
        <translation>向部门发送派单通知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Suggested</source>
        <translation>推荐部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instructions</source>
        <translation>处置要求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>the category&apos;s department</source>
        <translation>类别归口部门</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>handled such cases here</source>
        <translation>本网格办理过同类案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} in a year</source>
        <translation>近一年 {n} 件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No suggestion: choose the department below.</source>
        <translation>无推荐部门：请在下方选择。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Choose the department to dispatch to.</source>
        <translation>请选择派单部门。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The deadline must be in the future.</source>
        <translation>时限必须晚于当前时间。</translation>
    </message>
</context>
<context>
    <name>EscalateDialog</name>
    <message>
        <location line="+17"/>
        <source>Escalate to a district department</source>
        <translation>抄报区级部门</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Escalate (F4)</source>
        <translation>抄报 (F4)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why the town cannot solve it (required)</source>
        <translation>镇级无法解决的原因（必填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set a deadline:</source>
        <translation>指定时限：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>District department</source>
        <translation>区级部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An escalation sheet (PDF) is produced for the record.</source>
        <translation>将生成抄报单（PDF）存档。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose the district department.</source>
        <translation>请选择区级部门。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the reason for escalating.</source>
        <translation>请填写抄报原因。</translation>
    </message>
</context>
<context>
    <name>ExtensionDecisionDialog</name>
    <message>
        <location line="+106"/>
        <source>Decide on the extension request</source>
        <translation>审批延期申请</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save decision</source>
        <translation>保存审批</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requested deadline</source>
        <translation>申请时限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason</source>
        <translation>申请原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuse</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>审批结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Granted deadline</source>
        <translation>批准时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ExtensionRequestDialog</name>
    <message>
        <location line="-55"/>
        <source>Request a deadline extension</source>
        <translation>申请延长时限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Request</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Why more time is needed (required)</source>
        <translation>需要延期的原因（必填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current deadline</source>
        <translation>当前时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New deadline</source>
        <translation>新时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the reason for the extension.</source>
        <translation>请填写延期原因。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The new deadline must be later than the current one.</source>
        <translation>新时限必须晚于当前时限。</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <location line="-67"/>
        <source>Record the feedback</source>
        <translation>登记处置反馈</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record feedback</source>
        <translation>登记反馈</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the unit did and the result (required)</source>
        <translation>处置情况和结果（必填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>处置结果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the result of the handling.</source>
        <translation>请填写处置结果。</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <location filename="../../desktop/console/handover.py" line="+53"/>
        <location line="+7"/>
        <source>Shift handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Acknowledge</source>
        <translation>确认接班</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>In this shift</source>
        <translation>本班情况</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Handed on to the next shift</source>
        <translation>移交下一班</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Urgent cases still open</source>
        <translation>未结紧急案件</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Outgoing officer</source>
        <translation>交班值班员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Incoming officer</source>
        <translation>接班值班员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes for the next shift</source>
        <translation>交班备注</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the next officer must know: cases to watch, calls to return…</source>
        <translation>接班人需要知道的事：需关注的案件、需回访的电话…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recent handovers</source>
        <translation>最近交接班</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign off and hand over</source>
        <translation>签字交班</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not available: this data source has no database.</source>
        <translation>不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{name} shift · {start} – {end}</source>
        <translation>{name}班 · {start} – {end}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Received</source>
        <translation>接报</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Registered</source>
        <translation>立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Handled on the spot</source>
        <translation>即时处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatched</source>
        <translation>派单</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Escalated</source>
        <translation>抄报区级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To the police</source>
        <translation>转警务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reworked</source>
        <translation>返工</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Still open</source>
        <translation>未结案件</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Long-term</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>Urgent open</source>
        <translation>未结紧急</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Extension requests</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>Failed messages</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{start} {shift}: {out} → {inc} · {status}</source>
        <translation>{start} {shift}班：{out} → {inc} · {status}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>acknowledged</source>
        <translation>已接班</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>signed off</source>
        <translation>已交班</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>None yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{who} handed over the {shift} shift ({start}) to you on workstation {ws} at {at}. Read it and acknowledge.</source>
        <translation>{who} 于 {at} 在工作站 {ws} 向您交接了{shift}班（{start}）。请阅读后确认接班。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>day</source>
        <translation>白</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>night</source>
        <translation>夜</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Choose the incoming officer.</source>
        <translation>请选择接班值班员。</translation>
    </message>
</context>
<context>
    <name>LongTermDialog</name>
    <message>
        <location filename="../../desktop/console/dialogs.py" line="+175"/>
        <source>Put on the long-term register</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put on register</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A hard case on the long-term register leaves the overdue count.</source>
        <translation>挂账的疑难案件不再计入超期统计。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why it cannot be solved within its deadline (required)</source>
        <translation>无法在时限内解决的原因（必填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the reason for the long-term register.</source>
        <translation>请填写挂账原因。</translation>
    </message>
</context>
<context>
    <name>LongTermOffDialog</name>
    <message>
        <location line="+7"/>
        <source>Take off the long-term register</source>
        <translation>撤销挂账</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take off register</source>
        <translation>撤销挂账</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New deadline:</source>
        <translation>新时限：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>MeetingsDock</name>
    <message>
        <location filename="../../desktop/console/meetings_dock.py" line="+32"/>
        <source>Meetings are not available: this data source has no database.</source>
        <translation>会议功能不可用：此数据源没有数据库。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Upcoming meetings</source>
        <translation>近期会议</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../desktop/console/dialogs.py" line="+25"/>
        <source>Merge duplicate cases</source>
        <translation>合并重复案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{number} · {state} · {distance} m · {time}</source>
        <translation>{number} · {state} · {distance} 米 · {time}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other case</source>
        <translation>另一案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No possible duplicate</source>
        <translation>没有疑似重复案件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close {this} as a duplicate of {other}</source>
        <translation>将 {this} 作为 {other} 的重复案件结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close {other} as a duplicate of {this}</source>
        <translation>将 {other} 作为 {this} 的重复案件结案</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose the other case.</source>
        <translation>请选择另一案件。</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <location filename="../../desktop/console/banner.py" line="-76"/>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Database connection lost · reconnecting…</source>
        <translation>数据库连接中断 · 正在重新连接…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database connection lost</source>
        <translation>数据库连接中断</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>since {time}</source>
        <translation>自 {time} 起</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} reconnect attempts</source>
        <translation>已重连 {n} 次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>next try in {s} s</source>
        <translation>{s} 秒后重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your unsaved input is kept; changes cannot be saved until the connection is back.</source>
        <translation>未保存的输入会保留；连接恢复前无法保存更改。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reconnected · catching up…</source>
        <translation>已重新连接 · 正在同步…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading what changed while the connection was down.</source>
        <translation>正在载入断线期间的变化。</translation>
    </message>
</context>
<context>
    <name>OnSpotDialog</name>
    <message>
        <location filename="../../desktop/console/dialogs.py" line="-526"/>
        <source>Handled on the spot (level 1)</source>
        <translation>即时处置（一级响应）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The grid member found and handled it on the spot; the case goes to verification.</source>
        <translation>网格员即发现、即处置；案件转入待核查。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the grid member did (optional)</source>
        <translation>网格员的处置情况（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>PoliceDialog</name>
    <message>
        <location line="+200"/>
        <source>Forward to the police platform</source>
        <translation>转警务平台</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forward</source>
        <translation>转送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A police-type case goes to the police platform with the reporter&apos;s contact.</source>
        <translation>警务类案件连同上报人联系方式转送警务平台。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for the police (optional)</source>
        <translation>给警务平台的备注（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <location line="-313"/>
        <source>Verify and register</source>
        <translation>核实立案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Register (F2)</source>
        <translation>立案 (F2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What was verified (optional)</source>
        <translation>核实情况（选填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a category from the checklist.</source>
        <translation>请从管理清单中选择类别。</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location line="+9"/>
        <source>Reject the report</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reject</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why the report is not accepted (required)</source>
        <translation>不予受理的原因（必填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the reason for rejecting the report.</source>
        <translation>请填写不予受理的原因。</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location line="+299"/>
        <source>Return the case (not ours)</source>
        <translation>退回案件（非本部门职责）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why it is not this department&apos;s case (required)</source>
        <translation>不属于本部门职责的原因（必填）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No suggestion</source>
        <translation>不指定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Better handled by</source>
        <translation>建议归口部门</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Enter the reason for returning the case.</source>
        <translation>请填写退回原因。</translation>
    </message>
</context>
<context>
    <name>RevealContactDialog</name>
    <message>
        <location line="+277"/>
        <location line="+5"/>
        <source>Reporter&apos;s contact</source>
        <translation>上报人联系方式</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Case {number}: shown masked ({name}, {phone}). Revealing it in full is recorded in the audit trail with your reason.</source>
        <translation>案件 {number}：当前为脱敏显示（{name}，{phone}）。查看完整信息将连同原因记入审计日志。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>e.g. call back the reporter about the location</source>
        <translation>例如：回访上报人核实位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reveal</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter why you need the contact: it is recorded.</source>
        <translation>请填写查看原因：将记入审计日志。</translation>
    </message>
</context>
<context>
    <name>ReworkDialog</name>
    <message>
        <location line="-197"/>
        <source>Send back for rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send back</source>
        <translation>返工</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What still has to be done (required)</source>
        <translation>仍需处置的内容（必填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter what still has to be done.</source>
        <translation>请填写仍需处置的内容。</translation>
    </message>
</context>
<context>
    <name>UrgentAlert</name>
    <message>
        <location filename="../../desktop/console/alert.py" line="+163"/>
        <source>New urgent case {number}: {category}</source>
        <translation>新紧急案件 {number}：{category}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>[URGENT] </source>
        <translation>【紧急】</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../desktop/console/dialogs.py" line="-59"/>
        <source>Verify on site</source>
        <translation>现场核查</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record verification</source>
        <translation>登记核查结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done as reported</source>
        <translation>已按要求处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not done: send back for rework</source>
        <translation>未处置到位：返工</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>What was found on site (required when not done)</source>
        <translation>现场核查情况（未处置到位时必填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>核查结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Say what was not done.</source>
        <translation>请说明未处置到位的内容。</translation>
    </message>
</context>
</TS>
