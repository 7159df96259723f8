<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountAdminWindow</name>
    <message>
        <location filename="../../desktop/security/admin.py" line="+486"/>
        <source>Accounts and roles · GridDesk</source>
        <translation>账户与角色管理 · GridDesk</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Account administration is not available: this data source has no database.</source>
        <translation>账户管理不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your role ({role}) may not manage accounts and roles.</source>
        <translation>您的角色（{role}）无权管理账户和角色。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New account…</source>
        <translation>新建账户…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change name and department</source>
        <translation>修改姓名和所属部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change role…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lock the account until an administrator unlocks it</source>
        <translation>锁定账户，直到管理员解锁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lift a lock and clear the failed sign-ins</source>
        <translation>解除锁定并清零登录失败次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The account can no longer sign in; it is never deleted</source>
        <translation>账户将无法登录；账户不会被删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reactivate</source>
        <translation>恢复启用</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+349"/>
        <source>Demo sign-in</source>
        <translation>演示登录</translation>
    </message>
    <message>
        <location line="-348"/>
        <source>Offer the demo accounts with their public passwords on the sign-in screen</source>
        <translation>在登录界面提供使用公开密码的演示账户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+254"/>
        <source>Accounts and roles</source>
        <translation>账户与角色管理</translation>
    </message>
    <message>
        <location line="-254"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Filter by username, name, role or state</source>
        <translation>按用户名、姓名、角色或状态筛选</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show deactivated accounts</source>
        <translation>显示已停用账户</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Department</source>
        <translation>所属部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sign-in</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password set</source>
        <translation>密码设置时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed sign-ins</source>
        <translation>连续登录失败</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>demo sign-in on</source>
        <translation>演示登录已开启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>demo sign-in off</source>
        <translation>演示登录已关闭</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} accounts · {a} active · {l} locked</source>
        <translation>共 {n} 个账户 · {a} 个启用 · {l} 个锁定</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Passwords need at least {n} characters mixing {k} of: lower-case letters, capitals, digits, symbols, and must not contain the username.</source>
        <translation>密码至少 {n} 个字符，须包含小写字母、大写字母、数字、符号中的至少 {k} 类，且不得包含用户名。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>No account selected</source>
        <translation>未选择账户</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Username: {user}</source>
        <translation>用户名：{user}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> (you)</source>
        <translation>（本人）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>never</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not chosen yet</source>
        <translation>尚未自设密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This role may ({n}):</source>
        <translation>该角色的权限（{n} 项）：</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Account created.</source>
        <translation>账户已创建。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account saved.</source>
        <translation>账户已保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Role changed.</source>
        <translation>角色已更改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Password reset.</source>
        <translation>密码已重置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lock account</source>
        <translation>锁定账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock &lt;b&gt;{user}&lt;/b&gt;? It cannot sign in until an administrator unlocks it.</source>
        <translation>锁定 &lt;b&gt;{user}&lt;/b&gt;？在管理员解锁之前，该账户无法登录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account locked.</source>
        <translation>账户已锁定。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Unlock account</source>
        <translation>解锁账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock &lt;b&gt;{user}&lt;/b&gt; and clear its failed sign-ins?</source>
        <translation>解锁 &lt;b&gt;{user}&lt;/b&gt; 并清零其登录失败次数？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account unlocked.</source>
        <translation>账户已解锁。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Deactivate account</source>
        <translation>停用账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deactivate &lt;b&gt;{user}&lt;/b&gt;? It can no longer sign in. The account is kept, with everything the audit trail says it did, and can be reactivated.</source>
        <translation>停用 &lt;b&gt;{user}&lt;/b&gt;？停用后无法登录。账户及其在审计日志中的全部记录都会保留，之后可以恢复启用。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Account deactivated.</source>
        <translation>账户已停用。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reactivate account</source>
        <translation>恢复启用账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reactivate &lt;b&gt;{user}&lt;/b&gt;? It must choose a new password at the next sign-in.</source>
        <translation>恢复启用 &lt;b&gt;{user}&lt;/b&gt;？该账户下次登录时须设置新密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account reactivated.</source>
        <translation>账户已恢复启用。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Turn demo sign-in on? The sign-in screen then offers the demo accounts with their public passwords. Only for a demonstration database.</source>
        <translation>开启演示登录？登录界面将提供使用公开密码的演示账户。仅适用于演示数据库。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Turn demo sign-in off? The demo accounts must then choose a new password at their next sign-in, and the sign-in screen no longer offers them.</source>
        <translation>关闭演示登录？演示账户下次登录时须设置新密码，登录界面也不再提供这些账户。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Demo sign-in is on.</source>
        <translation>演示登录已开启。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Demo sign-in is off.</source>
        <translation>演示登录已关闭。</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <location line="-623"/>
        <source>New account</source>
        <translation>新建账户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit account</source>
        <translation>修改账户</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>e.g. duty3 (letters, digits, . _ -)</source>
        <translation>例如 duty3（字母、数字、. _ -）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The person&apos;s name, e.g. 张伟</source>
        <translation>使用人姓名，例如 张伟</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Generate</source>
        <translation>随机生成</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+3"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>所属部门</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tell the person this password in private. They must choose their own at the first sign-in.</source>
        <translation>请私下告知本人此密码。首次登录时须设置自己的密码。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A department liaison needs a department.</source>
        <translation>部门联络员须指定所属部门。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Create account</source>
        <translation>创建账户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The username must be 2 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>用户名须为 2 至 32 个字母、数字、“.”、“_”或“-”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Enter the person&apos;s name.</source>
        <translation>请输入姓名。</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>A department liaison needs a department: choose one.</source>
        <translation>部门联络员须指定所属部门，请选择。</translation>
    </message>
</context>
<context>
    <name>AccountTableModel</name>
    <message>
        <location line="-221"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>所属部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sign-in</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password set</source>
        <translation>密码设置时间</translation>
    </message>
</context>
<context>
    <name>AuditAction</name>
    <message>
        <location filename="../../desktop/security/common.py" line="+171"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-in refused</source>
        <translation>拒绝登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account locked (failed sign-ins)</source>
        <translation>账户锁定（登录失败）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password change required</source>
        <translation>要求修改密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Screen locked</source>
        <translation>锁定屏幕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Screen unlocked</source>
        <translation>屏幕解锁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security policy changed</source>
        <translation>修改安全策略</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo sign-in switched</source>
        <translation>切换演示登录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account created</source>
        <translation>创建账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account edited</source>
        <translation>修改账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role changed</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account locked by administrator</source>
        <translation>管理员锁定账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account unlocked</source>
        <translation>解锁账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account deactivated</source>
        <translation>停用账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account reactivated</source>
        <translation>恢复启用账户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reporter contact revealed</source>
        <translation>查看上报人联系方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data exported</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database backed up</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database restored</source>
        <translation>恢复数据库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case reported</source>
        <translation>案件上报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case registered</source>
        <translation>案件立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case re-categorised</source>
        <translation>案件改类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handled on the spot</source>
        <translation>即发现即处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case dispatched</source>
        <translation>案件派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case dispatched again</source>
        <translation>案件改派</translation>
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
        <source>Feedback recorded</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case returned</source>
        <translation>案件退回</translation>
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
        <source>Case closed</source>
        <translation>案件结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent back for rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put on long-term register</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken off long-term register</source>
        <translation>取消挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases merged</source>
        <translation>案件合并</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate merged in</source>
        <translation>合并重复案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case taken</source>
        <translation>认领案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case released</source>
        <translation>释放案件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Meeting scheduled</source>
        <translation>安排会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting changed</source>
        <translation>修改会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting cancelled</source>
        <translation>取消会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting held</source>
        <translation>会议召开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid boundaries changed</source>
        <translation>修改网格边界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift handed over</source>
        <translation>交班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handover acknowledged</source>
        <translation>接班确认</translation>
    </message>
</context>
<context>
    <name>AuditEntity</name>
    <message>
        <location line="+4"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meeting series</source>
        <translation>例会</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid version</source>
        <translation>网格版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key point</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift handover</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patrol</source>
        <translation>巡查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspection</source>
        <translation>督查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outgoing message</source>
        <translation>外发消息</translation>
    </message>
</context>
<context>
    <name>AuditField</name>
    <message>
        <location line="+16"/>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed sign-ins</source>
        <translation>登录失败次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>handed to</source>
        <translation>接班人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>handed over by</source>
        <translation>交班人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>masked</source>
        <translation>已脱敏</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <location filename="../../desktop/security/audit_viewer.py" line="+102"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
</context>
<context>
    <name>AuditValue</name>
    <message>
        <location filename="../../desktop/security/common.py" line="+4"/>
        <source>wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown user</source>
        <translation>用户不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>account locked</source>
        <translation>账户已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>account deactivated</source>
        <translation>账户已停用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shift handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signed out</source>
        <translation>主动退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>window closed</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>idle time</source>
        <translation>长时间无操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first use</source>
        <translation>首次使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reset by administrator</source>
        <translation>管理员重置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>by the user</source>
        <translation>本人修改</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>until an administrator unlocks it</source>
        <translation>直至管理员解锁</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>AuditViewerWindow</name>
    <message>
        <location filename="../../desktop/security/audit_viewer.py" line="+64"/>
        <source>Audit trail · GridDesk</source>
        <translation>审计日志 · GridDesk</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The audit trail is not available: this data source has no database.</source>
        <translation>审计日志不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your role ({role}) may not view the audit trail.</source>
        <translation>您的角色（{role}）无权查看审计日志。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Hash chain not checked yet</source>
        <translation>尚未校验哈希链</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check every record&apos;s hash and link, as `python main.py audit verify` does (Ctrl+Shift+V)</source>
        <translation>逐条校验每条记录的哈希值及其链接，与 `python main.py audit verify` 相同（Ctrl+Shift+V）</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+352"/>
        <source>Select a record to see its before and after.</source>
        <translation>选择一条记录，查看变更前后的内容。</translation>
    </message>
    <message>
        <location line="-347"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Before</source>
        <translation>变更前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>After</source>
        <translation>变更后</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom range</source>
        <translation>自定义时间段</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+59"/>
        <source>any</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply the filters (Enter)</source>
        <translation>按筛选条件查询（Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entity id</source>
        <translation>对象编号</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>First page (newest records)</source>
        <translation>第一页（最新记录）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous page (Alt+Left)</source>
        <translation>上一页（Alt+←）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next page (Alt+Right)</source>
        <translation>下一页（Alt+→）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last page (oldest records)</source>
        <translation>最后一页（最早记录）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} per page</source>
        <translation>每页 {n} 条</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>The start of the time range must be before its end.</source>
        <translation>起始时间须早于结束时间。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The entity id must be a whole number.</source>
        <translation>对象编号须为整数。</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>{n} records match · personal data shown masked · records can be neither changed nor deleted</source>
        <translation>共 {n} 条记录符合条件 · 个人信息已脱敏显示 · 记录不可修改、不可删除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page {p} of {n}</source>
        <translation>第 {p} / {n} 页</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Records {a}-{b} of {n}, newest first</source>
        <translation>第 {a}-{b} 条，共 {n} 条，最新的在前</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Record {seq} · {time} · {user} @ {ws} · {action}</source>
        <translation>记录 {seq} · {time} · {user} @ {ws} · {action}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This record carries no before or after values.</source>
        <translation>此记录没有变更前后的内容。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Checking every record of the chain…</source>
        <translation>正在逐条校验哈希链…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>√ Chain intact: all {n} records verified ({t}).</source>
        <translation>√ 哈希链完整：{n} 条记录全部校验通过（{t}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> ({time}, {user}, {action})</source>
        <translation>（{time}，{user}，{action}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>× Chain broken at record {seq}{where}: {reason}.</source>
        <translation>× 哈希链在第 {seq} 条记录处断裂{where}：{reason}。</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../desktop/security/lock.py" line="+126"/>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Locked at {t}. Your work is kept as it was; enter your password to go on.</source>
        <translation>于 {t} 锁定。您的工作内容原样保留，输入密码即可继续。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Switch officer (shift handover)…</source>
        <translation>切换值班员（交接班）…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <location filename="../../desktop/security/common.py" line="-194"/>
        <source>view</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>create cases</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verify, register or reject reports</source>
        <translation>核实、立案或不予受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set a case&apos;s category</source>
        <translation>设置案件类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dispatch cases</source>
        <translation>派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>escalate cases to the district</source>
        <translation>抄报区级部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>forward cases to the police platform</source>
        <translation>转警务平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>record department feedback</source>
        <translation>录入部门处置反馈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>return a case as not ours</source>
        <translation>退回非本部门案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>request a deadline extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approve deadline extensions</source>
        <translation>审批延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verify and close cases</source>
        <translation>核查结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>put cases on the long-term register</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>merge duplicate cases</source>
        <translation>合并重复案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reveal a reporter&apos;s contact details</source>
        <translation>查看上报人联系方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hand over the shift</source>
        <translation>交接班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule meetings</source>
        <translation>安排会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>record meeting attendance</source>
        <translation>登记会议出席</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit grid boundaries</source>
        <translation>编辑网格边界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>record patrols and inspections</source>
        <translation>登记巡查和督查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>manage assessments</source>
        <translation>管理考核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>view the audit trail</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>manage accounts and roles</source>
        <translation>管理账户和角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change settings</source>
        <translation>修改系统设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>back up and restore</source>
        <translation>备份与恢复</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../desktop/security/admin.py" line="+310"/>
        <location line="+27"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Set a temporary password for &lt;b&gt;{name}&lt;/b&gt; ({user}). They must choose their own at the next sign-in; a lock after failed sign-ins is lifted.</source>
        <translation>为 &lt;b&gt;{name}&lt;/b&gt;（{user}）设置临时密码。下次登录时须设置自己的密码；因登录失败造成的锁定同时解除。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Generate</source>
        <translation>随机生成</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <location line="-79"/>
        <location line="+26"/>
        <location line="+24"/>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Role of &lt;b&gt;{name}&lt;/b&gt; ({user}), now: {role}</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;（{user}）的角色，当前为：{role}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Department</source>
        <translation>所属部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New role</source>
        <translation>新角色</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The new role may:</source>
        <translation>新角色的权限：</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>A department liaison needs a department: choose one.</source>
        <translation>部门联络员须指定所属部门，请选择。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{user} will no longer be an administrator. Continue?</source>
        <translation>{user} 将不再是系统管理员。是否继续？</translation>
    </message>
</context>
<context>
    <name>Security</name>
    <message>
        <location filename="../../desktop/security/__init__.py" line="+50"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This window was opened without signing in (a test or a screenshot), so there is no session to lock, hand over or sign out. Start GridDesk normally to sign in.</source>
        <translation>此窗口未经登录打开（测试或截图），没有可锁定、交接或退出的会话。请正常启动 GridDesk 并登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/security/admin.py" line="-325"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked by administrator</source>
        <translation>管理员已锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked until {t}</source>
        <translation>锁定至 {t}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo account</source>
        <translation>演示账户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Must choose a password</source>
        <translation>须设置新密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>— none —</source>
        <translation>— 无 —</translation>
    </message>
    <message>
        <location filename="../../desktop/security/common.py" line="-90"/>
        <source>{name} ({user}) · {role}</source>
        <translation>{name}（{user}）· {role}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account is locked by an administrator. Ask an administrator to unlock it.</source>
        <translation>此账户已被管理员锁定，请联系系统管理员解锁。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many wrong passwords: this account is locked for another {n} min (until {t}). Try again then, or ask an administrator to unlock it.</source>
        <translation>密码错误次数过多，账户已锁定，还需等待 {n} 分钟（至 {t}）。届时再试，或请系统管理员解锁。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This account has been deactivated. Ask an administrator.</source>
        <translation>此账户已停用，请联系系统管理员。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your password has expired. Choose a new password to continue.</source>
        <translation>密码已过期，请设置新密码后继续。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An administrator set this password. Choose your own password to continue.</source>
        <translation>此密码由管理员设置，请设置您自己的密码后继续。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is the first sign-in with this password. Choose your own password to continue.</source>
        <translation>这是使用此密码首次登录，请设置您自己的密码后继续。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Someone else changed this account first. The list was reloaded; try again.</source>
        <translation>其他人已先修改了此账户。列表已刷新，请重试。</translation>
    </message>
    <message>
        <location line="+216"/>
        <source>a record is missing</source>
        <translation>缺少一条记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its link to the previous record is broken</source>
        <translation>与上一条记录的链接断开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its content was changed after it was written</source>
        <translation>写入后内容被修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>records after it were deleted</source>
        <translation>其后的记录被删除</translation>
    </message>
    <message>
        <location filename="../../desktop/security/screens.py" line="+58"/>
        <source>Not available: this data source has no database.</source>
        <translation>不可用：当前数据源没有数据库。</translation>
    </message>
    <message>
        <location filename="../../desktop/security/lock.py" line="+175"/>
        <source>Wrong password.</source>
        <translation>密码错误。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../desktop/security/signin.py" line="+177"/>
        <source>Sign in · GridDesk Grid Command Centre</source>
        <translation>登录 · GridDesk 三网融合网格指挥台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch officer · shift handover</source>
        <translation>切换值班员 · 交接班</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Three-network Grid Command Centre</source>
        <translation>三网融合网格指挥台</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>24-hour duty room · party-building, city-management and comprehensive-governance grids</source>
        <translation>24小时值班 · 党建网格、城市管理网格、综合治理网格三网融合</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Discover → Dispatch → Handle → Feed back</source>
        <translation>发现 → 派单 → 处置 → 反馈</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+48"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Sign in with your duty-room account.</source>
        <translation>请使用值班室账户登录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift handover: the incoming officer signs in</source>
        <translation>交接班：接班值班员登录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Handing over: {who}. They are signed out when you have signed in.</source>
        <translation>交班人：{who}。您登录后，交班人即退出登录。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign in and take over</source>
        <translation>登录并接班</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Demo accounts (the demo sign-in of this database is on)</source>
        <translation>演示账户（本数据库已开启演示登录）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click an account to fill it in, double-click to sign in at once. Their passwords are public: a real deployment turns demo sign-in off.</source>
        <translation>单击账户自动填入，双击直接登录。这些密码是公开的，正式部署时须关闭演示登录。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Choose a new password</source>
        <translation>设置新密码</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat it</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The password rules of this database</source>
        <translation>本数据库的密码规则</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save and sign in</source>
        <translation>保存并登录</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Enter your username.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You are the officer handing over. The incoming officer signs in here with their own account.</source>
        <translation>您是交班人。请由接班值班员用自己的账户在此登录。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Account: {user}</source>
        <translation>账户：{user}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>At least {n} characters</source>
        <translation>至少 {n} 个字符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At least {k} kinds of: lower-case letters, capitals, digits, symbols</source>
        <translation>小写字母、大写字母、数字、符号中至少包含 {k} 类</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Does not contain the username</source>
        <translation>不包含用户名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Differs from the current password</source>
        <translation>与当前密码不同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both entries match</source>
        <translation>两次输入一致</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Passwords expire after {d} days. {f} wrong passwords in a row lock the account for {m} min.</source>
        <translation>密码 {d} 天后过期。连续输错 {f} 次密码，账户将锁定 {m} 分钟。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passwords do not expire. {f} wrong passwords in a row lock the account for {m} min.</source>
        <translation>密码不会过期。连续输错 {f} 次密码，账户将锁定 {m} 分钟。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The new password does not keep every rule yet.</source>
        <translation>新密码尚未满足全部规则。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+19"/>
        <source>The new password is not allowed.</source>
        <translation>不能使用此新密码。</translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+1"/>
        <source>Saving the new password…</source>
        <translation>正在保存新密码…</translation>
    </message>
</context>
<context>
    <name>WorkstationSession</name>
    <message>
        <location filename="../../desktop/security/session.py" line="+252"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out {name}? Every GridDesk window closes; input not yet saved is lost.</source>
        <translation>退出 {name} 的登录？所有 GridDesk 窗口都将关闭，尚未保存的输入将丢失。</translation>
    </message>
</context>
</TS>
