<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../desktop/actions.py" line="+25"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cases</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Meetings</source>
        <translation>会议(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;upervision</source>
        <translation>督查考核(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Grids</source>
        <translation>网格(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ystem</source>
        <translation>系统(&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Take &amp;next case</source>
        <translation>接手下一个案件(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the most urgent, oldest unclaimed case of the queue shown</source>
        <translation>接手当前队列中最紧急、最早的未接手案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open case</source>
        <translation>打开案件(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the selected case in its own window</source>
        <translation>在单独窗口中打开所选案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find in the &amp;queue</source>
        <translation>在队列中查找(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter the queue by case number</source>
        <translation>按案件编号筛选队列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify and &amp;register…</source>
        <translation>核实立案(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;ject report…</source>
        <translation>不予受理(&amp;J)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set &amp;category…</source>
        <translation>设置类别(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handled on the &amp;spot…</source>
        <translation>即时处置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dispatch…</source>
        <translation>派单(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Escalate to district…</source>
        <translation>抄报区级(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward to &amp;police…</source>
        <translation>转警务(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record &amp;feedback…</source>
        <translation>登记反馈(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;turn (not ours)…</source>
        <translation>退回(&amp;T)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request e&amp;xtension…</source>
        <translation>申请延期(&amp;X)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decide extension…</source>
        <translation>审批延期…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Verify on site…</source>
        <translation>现场核查(&amp;V)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;lose case…</source>
        <translation>结案(&amp;L)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send back for re&amp;work…</source>
        <translation>返工(&amp;W)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Long-term register on/off…</source>
        <translation>挂账 / 撤销挂账…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Merge duplicate…</source>
        <translation>合并重复案件(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take this case</source>
        <translation>接手此案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release case</source>
        <translation>释放案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reveal reporter contact…</source>
        <translation>查看上报人联系方式…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift &amp;handover…</source>
        <translation>交接班(&amp;H)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The shift summary, signed off to the incoming officer</source>
        <translation>本班小结，签字交给接班值班员</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save &amp;screenshot…</source>
        <translation>保存截图(&amp;S)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the whole window as a PNG image</source>
        <translation>将整个窗口保存为 PNG 图片</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export map as PNG…</source>
        <translation>导出地图为 PNG(&amp;E)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Render the current map view to a PNG image</source>
        <translation>将当前地图视图导出为 PNG 图片</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export map as P&amp;DF…</source>
        <translation>导出地图为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A printable page of the current map: A4 or A3, title, legend, scale bar</source>
        <translation>当前地图的打印页面：A4 或 A3，含标题、图例、比例尺</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cover every window until your password is entered again; the work stays</source>
        <translation>遮挡所有窗口，重新输入密码后继续；工作内容原样保留</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>S&amp;witch officer…</source>
        <translation>切换值班员(&amp;W)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shift handover: the incoming officer signs in, you are signed out</source>
        <translation>交接班：接班值班员登录，您随即退出登录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close every window and return to the sign-in screen</source>
        <translation>关闭所有窗口，返回登录界面</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show the whole town</source>
        <translation>显示全镇范围</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Zoom to &amp;selection</source>
        <translation>缩放到选中要素(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show every selected feature</source>
        <translation>显示全部选中的要素</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Find on the map…</source>
        <translation>地图查找(&amp;F)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find a grid, key point, QR code, case number or a position</source>
        <translation>查找网格、重点点位、二维码、案件编号或坐标位置</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Refresh data</source>
        <translation>刷新数据(&amp;R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reload grids, key points and cases from the database</source>
        <translation>从数据库重新载入网格、重点点位和案件</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Meeting &amp;calendar…</source>
        <translation>会议日程(&amp;C)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Joint on-site meetings and regular meetings, week by week</source>
        <translation>按周查看约请现场办公会议和例会</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Schedule joint meeting…</source>
        <translation>安排约请会议(&amp;S)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Schedule a joint on-site meeting for the selected case, key point or grid</source>
        <translation>为选中的案件、重点点位或网格安排基层约请现场办公会议</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Patrol records…</source>
        <translation>巡查记录(&amp;P)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Patrols per grid and day; missed patrols; record a patrol</source>
        <translation>各网格每日巡查、漏巡情况，记录巡查</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Biweekly &amp;inspection…</source>
        <translation>双周督查(&amp;I)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The proposed agenda, inspection records and their reports</source>
        <translation>督查议程建议、督查记录及督查报告</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Department &amp;assessment…</source>
        <translation>部门考核(&amp;A)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bimonthly and year-end ranking of the departments, with trend</source>
        <translation>职能部门双月及年终考核排名与趋势</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Statistics…</source>
        <translation>统计分析(&amp;S)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cases this year against last year, by category, source, grid and department</source>
        <translation>今年与去年案件对比，按类别、来源、网格和部门统计</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Edit grid boundaries…</source>
        <translation>编辑网格边界(&amp;E)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Redraw, split and merge grids; the tiling is checked at every step</source>
        <translation>重绘、分割、合并网格；每一步都检查网格拼接</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Boundary &amp;versions…</source>
        <translation>边界版本(&amp;V)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every committed boundary change: who, when, what moved</source>
        <translation>每次提交的边界变更：谁、何时、哪些对象随之调整</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import grid boundaries…</source>
        <translation>导入网格边界(&amp;I)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Read grids from a GeoJSON or Shapefile, checked before anything changes</source>
        <translation>从 GeoJSON 或 Shapefile 读取网格，改动前先行检查</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xport grid boundaries…</source>
        <translation>导出网格边界(&amp;X)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write the grids to GeoJSON or a Shapefile</source>
        <translation>把网格写出为 GeoJSON 或 Shapefile</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Accounts and roles…</source>
        <translation>账户管理(&amp;A)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create accounts, set roles, reset passwords, lock and unlock</source>
        <translation>新建账户、设置角色、重置密码、锁定与解锁</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Audit &amp;trail…</source>
        <translation>审计日志(&amp;T)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who did what and when; verify the hash chain</source>
        <translation>谁在何时做了什么；校验哈希链</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;About GridDesk</source>
        <translation>关于 GridDesk(&amp;A)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Layers</source>
        <translation>图层(&amp;L)</translation>
    </message>
</context>
<context>
    <name>BaseMap</name>
    <message>
        <location filename="../../desktop/map/basemap.py" line="+41"/>
        <source>Base map off</source>
        <translation>底图已关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No base map is set up; an administrator can set an MBTiles file or a tile URL</source>
        <translation>尚未设置底图；系统管理员可设置 MBTiles 文件或瓦片地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Base map: {detail}</source>
        <translation>底图：{detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading the base map…</source>
        <translation>正在加载底图…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base map missing: the base map file cannot be read ({detail})</source>
        <translation>底图缺失：无法读取底图文件（{detail}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Base map missing: the tile server cannot be reached ({detail})</source>
        <translation>底图缺失：无法连接瓦片服务器（{detail}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Base map missing: the tile server refused the request; check the key ({detail})</source>
        <translation>底图缺失：瓦片服务器拒绝请求，请检查密钥（{detail}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Base map missing: the tiles are not images ({detail})</source>
        <translation>底图缺失：收到的瓦片不是图片（{detail}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The base map has no tiles here</source>
        <translation>底图在此处没有瓦片</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loading</source>
        <translation>加载中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bad file</source>
        <translation>文件损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no network</source>
        <translation>无网络</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bad tiles</source>
        <translation>瓦片错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no tiles here</source>
        <translation>此处无瓦片</translation>
    </message>
</context>
<context>
    <name>CaseQueuePanel</name>
    <message>
        <location filename="../../desktop/case_queue.py" line="+703"/>
        <source>All open</source>
        <translation>全部在办</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Every open case</source>
        <translation>全部未结案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New reports awaiting verification</source>
        <translation>新上报、待核实受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered, waiting to be dispatched</source>
        <translation>已立案、待派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With a town department</source>
        <translation>职能部门处置中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The unit fed back: verify and close</source>
        <translation>已反馈：待核查结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open cases past their deadline (not the long-term register)</source>
        <translation>已超过时限的未结案件（不含挂账）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated to a district department</source>
        <translation>已抄报区级部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forwarded to the police platform</source>
        <translation>已转警务平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned by a department: dispatch again</source>
        <translation>部门退回：需重新派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the long-term register</source>
        <translation>已挂账</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Case number…</source>
        <translation>案件编号…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show only cases whose number contains this text</source>
        <translation>只显示编号包含此内容的案件</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+212"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location line="-211"/>
        <source>Filter by grid, category, source, department, level and age</source>
        <translation>按网格、类别、来源、部门、级别和时长筛选</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Responsibility or management grid</source>
        <translation>责任网格或管理网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category (management checklist)</source>
        <translation>类别（管理清单）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where the report came from</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handling department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Response level</source>
        <translation>响应级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time since the report</source>
        <translation>上报至今时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgent only</source>
        <translation>只看紧急</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grid</source>
        <translation>网格</translation>
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
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Level {n}</source>
        <translation>{n}级</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Under 1 hour</source>
        <translation>1 小时内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Under 1 day</source>
        <translation>1 天内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over 1 day</source>
        <translation>超过 1 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over 3 days</source>
        <translation>超过 3 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over 7 days</source>
        <translation>超过 7 天</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Filters ({n})</source>
        <translation>筛选（{n}）</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Could not load the queue</source>
        <translation>无法载入队列</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>{queue} · {n} cases</source>
        <translation>{queue} · {n} 件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(first {n} shown)</source>
        <translation>（显示前 {n} 件）</translation>
    </message>
</context>
<context>
    <name>CaseSource</name>
    <message>
        <location filename="../../desktop/labels.py" line="+50"/>
        <source>Grid member patrol</source>
        <translation>网格员巡查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Citizen QR scan</source>
        <translation>市民扫码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera / sensor</source>
        <translation>视频/感知设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspection</source>
        <translation>督查</translation>
    </message>
</context>
<context>
    <name>CaseSourceShort</name>
    <message>
        <location line="+5"/>
        <source>Patrol</source>
        <translation>巡查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR scan</source>
        <translation>扫码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dept.</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspection</source>
        <translation>督查</translation>
    </message>
</context>
<context>
    <name>CaseState</name>
    <message>
        <location line="-42"/>
        <source>Reported</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Being handled</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To verify</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated to district</source>
        <translation>抄报区级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Police matter</source>
        <translation>警务类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Long-term</source>
        <translation>挂账</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../desktop/case_queue.py" line="-820"/>
        <source>!</source>
        <translation>急</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
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
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken by</source>
        <translation>办理人</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+100"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>Response level: 1 handled on the spot, 2 town department, 3 district</source>
        <translation>响应级别：1 即时处置，2 镇职能部门，3 区级部门</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time since the report</source>
        <translation>上报至今时长</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Urg.</source>
        <translation>急</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Source: {source}</source>
        <translation>来源：{source}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grid: {name} ({code})</source>
        <translation>网格：{name}（{code}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Address: {address}</source>
        <translation>地址：{address}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Department: {name}</source>
        <translation>责任部门：{name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not dispatched within its dispatch time</source>
        <translation>未在派单时限内派单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taken by {name}</source>
        <translation>办理人：{name}</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/errors.py" line="+27"/>
        <source>Someone else changed this record first. Reload and try again.</source>
        <translation>他人已先修改此记录，请刷新后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your role may not do this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Please check the entries; nothing was saved.</source>
        <translation>请检查填写内容，未保存任何数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This cannot be done now.</source>
        <translation>当前无法执行此操作。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The record no longer exists. Reload and try again.</source>
        <translation>该记录已不存在，请刷新后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database is busy or unreachable; nothing was saved. Try again.</source>
        <translation>数据库繁忙或无法连接，未保存任何数据，请重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The action was refused.</source>
        <translation>操作被拒绝。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database cannot be reached or answered with an error; nothing was saved.</source>
        <translation>无法连接数据库或数据库返回错误，未保存任何数据。</translation>
    </message>
</context>
<context>
    <name>ExportPdfDialog</name>
    <message>
        <location filename="../../desktop/map/export.py" line="+193"/>
        <source>Export map as PDF</source>
        <translation>导出地图为 PDF</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portrait</source>
        <translation>纵向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orientation</source>
        <translation>方向</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../desktop/layer_panel.py" line="+46"/>
        <location line="+156"/>
        <source>By village (no figure)</source>
        <translation>按村居（不分级）</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opacity of the selected layer</source>
        <translation>所选图层的不透明度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draw the selected layer higher</source>
        <translation>所选图层上移</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draw the selected layer lower</source>
        <translation>所选图层下移</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Grid colours</source>
        <translation>网格着色</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Colour the management grids by a figure (a thematic map)</source>
        <translation>按指标为管理网格分级着色（专题图）</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>{n} outside the town boundary (flagged on the map)</source>
        <translation>{n} 个位于镇界外（已在地图上标出）</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>Counting cases per grid…</source>
        <translation>正在统计各网格案件…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The figures could not be read: {error}</source>
        <translation>无法读取统计数据：{error}</translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <location filename="../../desktop/actions.py" line="-149"/>
        <location filename="../../desktop/labels.py" line="+64"/>
        <source>Town boundary</source>
        <translation>镇界</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Responsibility grids</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Management grids</source>
        <translation>管理网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Rivers</source>
        <translation>河道</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>River QR placards</source>
        <translation>河道二维码牌</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Shops</source>
        <translation>商铺</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Enterprises</source>
        <translation>企业</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Construction sites</source>
        <translation>在建工地</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Public places</source>
        <translation>公共场所</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Other key points</source>
        <translation>其他重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Cameras</source>
        <translation>视频监控</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meetings</source>
        <translation>约请会议</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="-399"/>
        <source>Base map</source>
        <translation>底图</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="+99"/>
        <source>GridDesk Grid Command Centre</source>
        <translation>GridDesk 三网融合网格指挥台</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Town overview</source>
        <translation>全镇概况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case queue</source>
        <translation>案件队列</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Grid Command Centre</source>
        <translation>三网融合网格指挥台</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Signed-in role</source>
        <translation>当前登录角色</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Data source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{r} responsibility grids · {m} management grids · {k} key points</source>
        <translation>{r} 责任网格 · {m} 管理网格 · {k} 重点点位</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{lon:.5f}°E {lat:.5f}°N · E {x:.1f} m N {y:.1f} m</source>
        <translation>东经 {lon:.5f}° 北纬 {lat:.5f}° · X {y:.1f} 米 Y {x:.1f} 米</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Data reloaded</source>
        <translation>数据已刷新</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&lt;h3&gt;GridDesk&lt;/h3&gt;&lt;p&gt;Grid command centre for a town&apos;s 24-hour grid-management duty room: one map and one case queue for the party-building, city-management and comprehensive-governance grids.&lt;/p&gt;&lt;p&gt;&lt;b&gt;The demo data are synthetic.&lt;/b&gt; Every name, grid, key point, camera and case in the demo database is invented for demonstration and is not real data.&lt;/p&gt;&lt;p&gt;Interface font: Noto Sans CJK SC (subset to GB2312), © Google and Adobe, licensed under the SIL Open Font License 1.1 (OFL); see resources/fonts/OFL.txt.&lt;/p&gt;&lt;p&gt;Data source: {source}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;GridDesk 三网融合网格指挥台&lt;/h3&gt;&lt;p&gt;面向镇级网格化管理 24 小时值班室的指挥平台：党建网格、城市管理网格、综合治理网格“三网融合”，一张地图、一个案件队列。&lt;/p&gt;&lt;p&gt;&lt;b&gt;演示数据均为虚构。&lt;/b&gt;演示数据库中的所有名称、网格、重点点位、视频监控和案件都是为演示而合成的，并非真实数据。&lt;/p&gt;&lt;p&gt;界面字体：思源黑体 Noto Sans CJK SC（GB2312 子集），© Google 与 Adobe，依据 SIL 开源字体许可协议 1.1（OFL）授权；见 resources/fonts/OFL.txt。&lt;/p&gt;&lt;p&gt;数据源：{source}&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>About GridDesk</source>
        <translation>关于 GridDesk</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../../desktop/map/canvas.py" line="+663"/>
        <source>Drawing the map…</source>
        <translation>正在绘制地图…</translation>
    </message>
    <message>
        <location line="+326"/>
        <source>Outside the town boundary: check the position</source>
        <translation>位于镇界外：请核对坐标</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Town · {name}</source>
        <translation>镇域 · {name}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Responsibility grid {code}
{name}</source>
        <translation>责任网格 {code}
{name}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Management grid {code}
{name}</source>
        <translation>管理网格 {code}
{name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In responsibility grid: {name}</source>
        <translation>所属责任网格：{name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>in use</source>
        <translation>已启用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not yet in use</source>
        <translation>未启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code {code} ({state})</source>
        <translation>二维码 {code}（{state}）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Case {number}</source>
        <translation>案件 {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[urgent]</source>
        <translation>【紧急】</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Source: {source}</source>
        <translation>来源：{source}</translation>
    </message>
</context>
<context>
    <name>MapExport</name>
    <message>
        <location filename="../../desktop/map/legend.py" line="+202"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../desktop/map/export.py" line="-79"/>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Printed {date}</source>
        <translation>打印时间 {date}</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Scale 1:{n} (on paper)</source>
        <translation>比例尺 1:{n}（纸面）</translation>
    </message>
</context>
<context>
    <name>MapRenderer</name>
    <message>
        <location filename="../../desktop/map/renderer.py" line="+324"/>
        <source>{n} km</source>
        <translation>{n} 千米</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} m</source>
        <translation>{n} 米</translation>
    </message>
    <message>
        <location line="+1504"/>
        <source>1:{n}</source>
        <translation>1:{n}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>N</source>
        <translation>北</translation>
    </message>
    <message>
        <location line="-1533"/>
        <source>CGCS2000 · 3° Gauss-Krüger CM 120°E</source>
        <translation>CGCS2000 · 3度带高斯-克吕格投影 · 中央经线 120°E</translation>
    </message>
</context>
<context>
    <name>MapSearchBox</name>
    <message>
        <location filename="../../desktop/search.py" line="+48"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key point</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Position</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Search grid, key point, QR code, case no. or lon,lat</source>
        <translation>搜索网格、点位、二维码、案件编号或经纬度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid code or name, key point name or QR code, case number; or a position: “121.20, 31.16” (CGCS2000/WGS84), “gcj02: 121.2 31.16” (phone maps, WeChat), or metres “E 614000 N 3449000”</source>
        <translation>网格编码或名称、重点点位名称或二维码、案件编号；或坐标：“121.20, 31.16”（CGCS2000/WGS84）、“gcj02: 121.2 31.16”（手机地图、微信）、平面坐标“E 614000 N 3449000”（米）</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>(closed, not on the map)</source>
        <translation>（已结案，不在地图上）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(not loaded)</source>
        <translation>（未加载）</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Nothing found for “{text}”</source>
        <translation>未找到“{text}”</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Position {pos} ({system})</source>
        <translation>坐标 {pos}（{system}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>outside the town boundary</source>
        <translation>位于镇界外</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Case {number} is closed; it is marked where it was reported</source>
        <translation>案件 {number} 已结案，已在上报位置标出</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{label} is not on the map; it is marked at its position</source>
        <translation>{label} 不在地图上，已在其位置标出</translation>
    </message>
</context>
<context>
    <name>MapTools</name>
    <message>
        <location filename="../../desktop/map/window_tools.py" line="+106"/>
        <source>Position under the cursor: CGCS2000 longitude/latitude and EPSG:{epsg} metres</source>
        <translation>光标位置：CGCS2000 经纬度与 EPSG:{epsg} 平面坐标（米）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{n} features selected</source>
        <translation>已选择 {n} 个要素</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{n} outside the town</source>
        <translation>{n} 个点位在镇界外</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Points whose position lies outside the town boundary: kept and flagged on the map with a dashed ring; check their coordinates</source>
        <translation>坐标位于镇界外的点位：保留并在地图上以虚线圈标出，请核对其坐标</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export map as PDF</source>
        <translation>导出地图为 PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Synthetic demo data</source>
        <translation>合成演示数据</translation>
    </message>
</context>
<context>
    <name>MeetingLayer</name>
    <message>
        <location filename="../../desktop/map/meeting_layer.py" line="+34"/>
        <source>Time: {day} {start}-{end}</source>
        <translation>时间：{day} {start}-{end}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Place: {place}</source>
        <translation>地点：{place}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scheduling conflict: check it in the meetings window</source>
        <translation>日程冲突：请在会议日程中核对</translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <location filename="../../desktop/overview_panel.py" line="+71"/>
        <source>Responsibility grids</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Management grids</source>
        <translation>管理网格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Key points</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>QR codes in use</source>
        <translation>二维码已启用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cameras</source>
        <translation>视频监控点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid members</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Departments</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checklist items</source>
        <translation>管理清单事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hazard reports</source>
        <translation>专业隐患上报</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>down {pct:.2f}%</source>
        <translation>下降 {pct:.2f}%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>up {pct:.2f}%</source>
        <translation>上升 {pct:.2f}%</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Cases, first half</source>
        <translation>上半年案件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>  vs. last year</source>
        <translation>&#x3000;同比</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{area:.2f} km²</source>
        <translation>{area:.2f} 平方千米</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+7"/>
        <source>Grid coverage</source>
        <translation>网格覆盖</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>complete</source>
        <translation>全覆盖</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>gaps {gap:,.0f} m² · overlaps {overlap:,.0f} m²</source>
        <translation>缝隙 {gap:,.0f} 平方米 · 重叠 {overlap:,.0f} 平方米</translation>
    </message>
</context>
<context>
    <name>PointKind</name>
    <message>
        <location filename="../../desktop/labels.py" line="-38"/>
        <source>Shop</source>
        <translation>商铺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>River</source>
        <translation>河道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Construction site</source>
        <translation>在建工地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public place</source>
        <translation>公共场所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>视频监控</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location line="+13"/>
        <source>Duty officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>督查考核员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Map editor</source>
        <translation>网格编辑员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department liaison</source>
        <translation>部门联络员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
</context>
<context>
    <name>Thematic</name>
    <message>
        <location filename="../../desktop/map/legend.py" line="-185"/>
        <source>Open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue cases</source>
        <translation>超期案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases per km², last 12 months</source>
        <translation>每平方千米案件数（近12个月）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Management grids by {figure}</source>
        <translation>管理网格：{figure}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsibility grids by {figure}</source>
        <translation>责任网格：{figure}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>Time</name>
    <message>
        <location filename="../../desktop/labels.py" line="+70"/>
        <source>{d} d {h} h</source>
        <translation>{d}天{h}小时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{h} h {m} min</source>
        <translation>{h}小时{m}分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{m} min</source>
        <translation>{m}分钟</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>no deadline</source>
        <translation>无时限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>overdue {t}</source>
        <translation>超期 {t}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{t} left</source>
        <translation>剩余 {t}</translation>
    </message>
</context>
</TS>
