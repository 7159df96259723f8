<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../desktop/actions.py" line="+24"/>
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
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+40"/>
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
        <source>&amp;Refresh data</source>
        <translation>刷新数据(&amp;R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reload grids, key points and cases from the database</source>
        <translation>从数据库重新载入网格、重点点位和案件</translation>
    </message>
    <message>
        <location line="+17"/>
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
    <name>CaseQueuePanel</name>
    <message>
        <location filename="../../desktop/case_queue.py" line="+368"/>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due soon</source>
        <translation>临期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Open cases, most pressing first</source>
        <translation>在办案件 · 按时限紧迫程度排序</translation>
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
        <location filename="../../desktop/case_queue.py" line="-231"/>
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
        <location line="+3"/>
        <location line="+68"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Urg.</source>
        <translation>急</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Source: {source}</source>
        <translation>来源：{source}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid: {name} ({code})</source>
        <translation>网格：{name}（{code}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Department: {name}</source>
        <translation>责任部门：{name}</translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <location filename="../../desktop/actions.py" line="-22"/>
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
        <location filename="../../desktop/labels.py" line="+1"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="+87"/>
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
        <location line="+65"/>
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
        <location line="+11"/>
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
        <location filename="../../desktop/map/canvas.py" line="+326"/>
        <source>Town · {name}</source>
        <translation>镇域 · {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Responsibility grid {code}
{name}</source>
        <translation>责任网格 {code}
{name}</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+7"/>
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
    <name>MapRenderer</name>
    <message>
        <location filename="../../desktop/map/renderer.py" line="+87"/>
        <source>{n} km</source>
        <translation>{n} 千米</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} m</source>
        <translation>{n} 米</translation>
    </message>
    <message>
        <location line="+364"/>
        <source>1:{n}</source>
        <translation>1:{n}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>N</source>
        <translation>北</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CGCS2000 · 3° Gauss-Krüger CM 120°E</source>
        <translation>CGCS2000 · 3度带高斯-克吕格投影 · 中央经线 120°E</translation>
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
    <name>Time</name>
    <message>
        <location line="+70"/>
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
