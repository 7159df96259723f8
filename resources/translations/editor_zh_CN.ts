<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../desktop/editor/window.py" line="+64"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Merge selected grids…</source>
        <translation>合并所选网格(&amp;M)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Join adjacent grids into one (Ctrl+click to select several)</source>
        <translation>把相邻网格合并为一个（Ctrl+单击可多选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to another &amp;responsibility grid…</source>
        <translation>移入其他责任网格(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the selected management grid to a neighbouring responsibility grid</source>
        <translation>把所选管理网格划入相邻的责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete &amp;vertex under the pointer</source>
        <translation>删除指针处顶点(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Discard all edits…</source>
        <translation>放弃全部编辑(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Roll back every edit of this session; the database is untouched</source>
        <translation>撤回本次会话的全部编辑；数据库未被改动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vertex tool</source>
        <translation>顶点工具(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drag vertices (shared ones move in every grid), click to select</source>
        <translation>拖动顶点（共用顶点在各网格中同步移动），单击选择网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Draw a new grid</source>
        <translation>绘制新网格(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click the corners, double-click or Enter to finish</source>
        <translation>依次单击各角点，双击或按回车结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Split a grid</source>
        <translation>分割网格(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw a line across a grid, double-click or Enter to cut</source>
        <translation>画一条穿过网格的线，双击或按回车分割</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reshape a boundary</source>
        <translation>重塑边界(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw the new boundary from the old one out and back</source>
        <translation>从原边界出发画出新边界并回到原边界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit &amp;management grids</source>
        <translation>编辑管理网格(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit r&amp;esponsibility grids</source>
        <translation>编辑责任网格(&amp;E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Validate all grids</source>
        <translation>全面检查网格(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the whole layer: gaps, overlaps, slivers, codes</source>
        <translation>检查整个图层：缝隙、重叠、狭长碎片、编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save as a boundary version…</source>
        <translation>保存为边界版本(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write every edit in one transaction, refused if the tiling breaks</source>
        <translation>在一个事务中写入全部编辑；若破坏网格拼接则拒绝保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reload from the database</source>
        <translation>从数据库重新载入(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Boundary &amp;versions</source>
        <translation>边界版本(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import grid boundaries…</source>
        <translation>导入网格边界(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E&amp;xport grid boundaries…</source>
        <translation>导出网格边界(&amp;X)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close editor</source>
        <translation>关闭编辑器(&amp;C)</translation>
    </message>
</context>
<context>
    <name>AttributePanel</name>
    <message>
        <location filename="../../desktop/editor/panels.py" line="+90"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsibility grid</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsible person</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reset</source>
        <translation>还原</translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>%n grids selected; Merge joins them.</source>
        <translation>
            <numerusform>已选 %n 个网格；“合并”可将其合为一个。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a grid on the map to see and edit its attributes.</source>
        <translation>在地图上单击一个网格，查看并编辑其属性。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 km²</source>
        <translation>%1 平方千米</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A grid code is 14 digits: county (6), town (3), community (2), number (3).</source>
        <translation>网格编码为14位数字：区县(6)、街镇(3)、社区(2)、序号(3)。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A responsibility grid&apos;s code ends in 00.</source>
        <translation>责任网格的编码以00结尾。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only responsibility grid codes end in 00.</source>
        <translation>只有责任网格的编码以00结尾。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The code must begin with its responsibility grid&apos;s %1.</source>
        <translation>编码须以所属责任网格的 %1 开头。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Grid %1 (%2) already has this code.</source>
        <translation>网格 %1（%2）已使用此编码。</translation>
    </message>
</context>
<context>
    <name>CommitDialog</name>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="+127"/>
        <source>Save boundary version</source>
        <translation>保存边界版本</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n new</source>
        <translation>
            <numerusform>新增 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n reshaped</source>
        <translation>
            <numerusform>调整边界 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n retired (merged)</source>
        <translation>
            <numerusform>撤销（已合并）%n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n with new attributes</source>
        <translation>
            <numerusform>属性变更 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>This version changes %n grids: </source>
        <translation>
            <numerusform>本版本变更 %n 个网格：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>reshaped</source>
        <translation>边界调整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retired</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>attributes</source>
        <translation>属性变更</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Why the boundaries change, e.g. the two villages merged (required)</source>
        <translation>边界变更的原因，例如两村合并（必填）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key points, cameras and open cases are re-assigned to the grid that now holds them; closed cases keep their grid.</source>
        <translation>重点点位、摄像头和未结案件将划归其所在的新网格；已结案件保留原网格。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save version</source>
        <translation>保存版本</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location line="+94"/>
        <source>Someone else changed this grid</source>
        <translation>他人已修改此网格</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Grid %1 was changed by %2 at %3 after you started editing. Nothing was saved.</source>
        <translation>在您开始编辑后，网格 %1 已由 %2 于 %3 修改。您的修改未保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another workstation</source>
        <translation>另一工作站</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Their note</source>
        <translation>对方说明</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their version</source>
        <translation>对方版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your copy</source>
        <translation>您的副本</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reload to continue from their version (your unsaved edits are dropped), or keep editing and save later.</source>
        <translation>重新载入即以对方版本为准继续（您未保存的编辑将被丢弃）；也可继续编辑，稍后再保存。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reload their version</source>
        <translation>载入对方版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
<context>
    <name>DiffPreview</name>
    <message>
        <location filename="../../desktop/editor/history.py" line="+150"/>
        <location line="+9"/>
        <source>Select a version to see what changed.</source>
        <translation>选择一个版本，查看改动了什么。</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>This version changed no grid.</source>
        <translation>该版本未改动任何网格。</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Before</source>
        <translation>改动前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After</source>
        <translation>改动后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed area</source>
        <translation>变动区域</translation>
    </message>
</context>
<context>
    <name>EditorDialogs</name>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="-122"/>
        <source>Version %1 saved. Re-assigned: %2 key points, %3 cameras, %4 open cases, %5 grid members.</source>
        <translation>版本 %1 已保存。重新划归：重点点位 %2 个、摄像头 %3 个、未结案件 %4 件、网格员 %5 名。</translation>
    </message>
</context>
<context>
    <name>EditorFileTexts</name>
    <message>
        <location filename="../../desktop/editor/texts.py" line="+179"/>
        <source>the caller</source>
        <translation>调用方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the .cpg file</source>
        <translation>.cpg 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the .dbf language driver</source>
        <translation>.dbf 语言驱动</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Expecting value</source>
        <translation>缺少值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expecting &apos;,&apos; delimiter</source>
        <translation>缺少逗号分隔符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expecting &apos;:&apos; delimiter</source>
        <translation>缺少冒号分隔符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expecting property name enclosed in double quotes</source>
        <translation>属性名必须用双引号括起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unterminated string starting at</source>
        <translation>字符串未结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid control character at</source>
        <translation>含有无效的控制字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid \escape</source>
        <translation>含有无效的转义符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra data</source>
        <translation>末尾有多余的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Illegal trailing comma before end of object</source>
        <translation>对象末尾多了逗号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Illegal trailing comma before end of array</source>
        <translation>数组末尾多了逗号</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>The feature has no grid code; fill the &apos;code&apos; attribute (14 digits).</source>
        <translation>该要素没有网格编码，请填写“code”属性（14 位数字）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown grid level %1; use responsibility or management.</source>
        <translation>未知的网格层级 %1，请填写 responsibility（责任网格）或 management（管理网格）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code %1 does not fit a responsibility grid (responsibility grid codes end in 00).</source>
        <translation>编码 %1 与责任网格不符（责任网格编码以 00 结尾）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code %1 does not fit a management grid (responsibility grid codes end in 00).</source>
        <translation>编码 %1 与管理网格不符（以 00 结尾的是责任网格编码）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code %1 does not belong to responsibility grid %2.</source>
        <translation>编码 %1 不属于责任网格 %2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The feature has no geometry.</source>
        <translation>该要素没有几何图形。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The feature is a MultiPolygon of %1 parts; every grid must be one polygon.</source>
        <translation>该要素是由 %1 个部分组成的多部件多边形，每个网格必须是单一多边形。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The feature is a %1; every grid must be one polygon.</source>
        <translation>该要素是%1，每个网格必须是单一多边形。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The polygon crosses itself (%1); fix its boundary in the source file.</source>
        <translation>该多边形的边界自身交叉（%1），请在源文件中修正其边界。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The polygon is not a valid polygon (%1); fix its boundary in the source file.</source>
        <translation>该多边形无效（%1），请在源文件中修正其边界。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The code %1 is used again (first by feature %2).</source>
        <translation>编码 %1 重复使用（首次出现在要素 %2）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file cannot be read (%1).</source>
        <translation>无法读取该文件（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is not UTF-8 text (byte %1); RFC 7946 GeoJSON must be UTF-8: save it as UTF-8.</source>
        <translation>该文件不是 UTF-8 文本（第 %1 字节）；RFC 7946 GeoJSON 必须为 UTF-8 编码，请另存为 UTF-8。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is not valid JSON: %1 at line %2, column %3.</source>
        <translation>该文件不是有效的 JSON：第 %2 行第 %3 列%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is not a GeoJSON FeatureCollection of grid polygons.</source>
        <translation>该文件不是由网格多边形组成的 GeoJSON 要素集合（FeatureCollection）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The coordinate reference system %1 is unknown (%2); reproject the file to EPSG:4490 or WGS84 lon/lat.</source>
        <translation>无法识别坐标参考系 %1（%2），请将文件重投影到 EPSG:4490 或 WGS84 经纬度。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This entry is not a GeoJSON Feature.</source>
        <translation>该条目不是 GeoJSON 要素（Feature）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The geometry cannot be read (%1).</source>
        <translation>无法读取该几何图形（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The coordinates are not longitude/latitude degrees and the file names no coordinate reference system; add a &quot;crs&quot; member or reproject it to EPSG:4490.</source>
        <translation>坐标不是经纬度，且文件未指明坐标参考系，请添加“crs”成员或将文件重投影到 EPSG:4490。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file has no grid code attribute; add a &apos;code&apos; field with each grid&apos;s 14-digit code.</source>
        <translation>该文件没有网格编码属性，请添加“code”字段并填写每个网格的 14 位编码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The coordinates cannot be reprojected (%1).</source>
        <translation>无法对坐标进行重投影（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The coordinates cannot be reprojected to EPSG:4490.</source>
        <translation>无法将坐标重投影到 EPSG:4490。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file holds no features.</source>
        <translation>该文件不含任何要素。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The .%1 file of the Shapefile is missing; copy all its files together.</source>
        <translation>缺少该 Shapefile 的 .%1 文件，请将其所有文件一起复制。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The .prj file names a coordinate reference system pyproj does not know (%1).</source>
        <translation>.prj 文件中的坐标参考系无法识别（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 names the encoding %2, which GridDesk does not read; use UTF-8 or GBK.</source>
        <translation>%1指定的编码 %2 无法读取，请使用 UTF-8 或 GBK。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The Shapefile cannot be read (%1).</source>
        <translation>无法读取该 Shapefile（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Shapefile holds %1 shapes; grids must be polygons.</source>
        <translation>该 Shapefile 的图形是%1，网格必须是多边形。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The record cannot be read (%1).</source>
        <translation>无法读取该记录（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The attribute %1 is not %2 text (%3 says it is); it may be %4: fix the .cpg file.</source>
        <translation>属性 %1 不是 %2 文本（%3声明是），可能是 %4，请修正 .cpg 文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shape cannot be read (%1).</source>
        <translation>无法读取该图形（%1）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2 records in all are not %3 text.</source>
        <translation>共 %2 条记录中有 %1 条不是 %3 文本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The attributes are UTF-8 text although %1 says %2 (%3 of %4 Chinese values); fix the .cpg file.</source>
        <translation>属性是 UTF-8 文本，但%1声明为 %2（%4 个中文值中有 %3 个），请修正 .cpg 文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The Shapefile has no .prj file; its coordinates look like lon/lat and are read as EPSG:4490.</source>
        <translation>该 Shapefile 没有 .prj 文件；其坐标看似经纬度，已按 EPSG:4490 读取。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Shapefile has no .prj file and its coordinates are not lon/lat; add the .prj or name the CRS (e.g. --crs 4549).</source>
        <translation>该 Shapefile 没有 .prj 文件且坐标不是经纬度，请补上 .prj 文件或指定坐标参考系（例如 --crs 4549）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only GeoJSON (.geojson, .json) and Shapefile (.shp) files can be imported.</source>
        <translation>只能导入 GeoJSON（.geojson、.json）和 Shapefile（.shp）文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file holds no grids.</source>
        <translation>该文件不含任何网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no department with the code %1.</source>
        <translation>没有编码为 %1 的部门。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code %1 belonged to a grid that was merged away; give this grid a new code.</source>
        <translation>编码 %1 属于一个已被合并掉的网格，请为该网格另编新码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code %1 names community %2, which the town does not have.</source>
        <translation>编码 %1 中的村居序号 %2 在本镇不存在。</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (features %1)</source>
        <translation>（要素 %1）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>code %1</source>
        <translation>编码 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>feature %1 (%2)</source>
        <translation>要素 %1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>feature %1</source>
        <translation>要素 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>EditorGeos</name>
    <message>
        <location line="-422"/>
        <source>Self-intersection</source>
        <translation>自相交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ring Self-intersection</source>
        <translation>环自相交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few points in geometry component</source>
        <translation>几何部件的点数过少</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few distinct points in geometry component</source>
        <translation>几何部件的不同点数过少</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hole lies outside shell</source>
        <translation>内环位于外环之外</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Holes are nested</source>
        <translation>内环相互嵌套</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nested holes</source>
        <translation>内环相互嵌套</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nested shells</source>
        <translation>外环相互嵌套</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interior is disconnected</source>
        <translation>内部不连通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate Rings</source>
        <translation>重复的环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid Coordinate</source>
        <translation>无效坐标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ring is not closed</source>
        <translation>环未闭合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeated Point</source>
        <translation>重复点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topology Validation Error</source>
        <translation>拓扑检查错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid Geometry</source>
        <translation>几何有效</translation>
    </message>
</context>
<context>
    <name>EditorGestures</name>
    <message>
        <location line="+412"/>
        <source>Move vertex</source>
        <translation>移动顶点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add vertex</source>
        <translation>添加顶点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete vertex</source>
        <translation>删除顶点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw grid</source>
        <translation>绘制网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split grid</source>
        <translation>分割网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge grids</source>
        <translation>合并网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reshape boundary</source>
        <translation>重塑边界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to another responsibility grid</source>
        <translation>移入其他责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit attributes</source>
        <translation>编辑属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill gap</source>
        <translation>填补缝隙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snap to neighbour</source>
        <translation>吸附到相邻网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply fix</source>
        <translation>应用修复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revert</source>
        <translation>放弃全部修改</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo %1</source>
        <translation>重做 %1</translation>
    </message>
</context>
<context>
    <name>EditorIssueKinds</name>
    <message>
        <location line="-137"/>
        <source>Gap</source>
        <translation>缝隙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sliver</source>
        <translation>狭长碎片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiny grid</source>
        <translation>面积过小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid geometry</source>
        <translation>几何无效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not one polygon</source>
        <translation>不是单一多边形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edge vertices differ</source>
        <translation>公共边顶点不一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outside parent grid</source>
        <translation>超出上级网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No responsibility grid</source>
        <translation>无所属责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parent not covered</source>
        <translation>未覆盖上级网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate code</source>
        <translation>编码重复</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>EditorPanels</name>
    <message>
        <location filename="../../desktop/editor/panels.py" line="-148"/>
        <source>Responsibility grid</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Management grid</source>
        <translation>管理网格</translation>
    </message>
</context>
<context>
    <name>EditorTerms</name>
    <message>
        <location filename="../../desktop/editor/texts.py" line="-312"/>
        <source>point</source>
        <translation>点</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>line</source>
        <translation>线</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>ring</source>
        <translation>线环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>polygon</source>
        <translation>多边形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>multipoint</source>
        <translation>多点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>multiline</source>
        <translation>多线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>multipolygon</source>
        <translation>多部件多边形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>geometry collection</source>
        <translation>几何集合</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>multipatch</source>
        <translation>多面体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty shape</source>
        <translation>空图形</translation>
    </message>
</context>
<context>
    <name>EditorTexts</name>
    <message>
        <location line="+17"/>
        <source>grid code must be 14 digits, got %1</source>
        <translation>网格编码必须是 14 位数字，而不是 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: unknown province prefix %2</source>
        <translation>%1：省级代码 %2 不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2 is not a county-level division code</source>
        <translation>%1：%2 不是县级行政区划代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: street/town code %2 is outside 001-599</source>
        <translation>%1：街道/乡镇代码 %2 不在 001-599 之间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: community sequence must be 01-99</source>
        <translation>%1：村居序号必须为 01-99</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: responsibility grid number must be 1-9, got 0</source>
        <translation>%1：责任网格序号必须为 1-9，不能为 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is not a responsibility grid code</source>
        <translation>%1 不是责任网格编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>management grid sequence %1 is outside 1-99</source>
        <translation>管理网格序号 %1 不在 1-99 之间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 ends in 00, which marks a responsibility grid</source>
        <translation>%1 以 00 结尾，这是责任网格的编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 does not belong to responsibility grid %2</source>
        <translation>%1 不属于责任网格 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 does not end in 00, which a responsibility grid code must</source>
        <translation>%1 不以 00 结尾，而责任网格编码必须以 00 结尾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the management grid has no responsibility grid</source>
        <translation>该管理网格没有所属责任网格</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>There is no grid %1 in this edit session.</source>
        <translation>本次编辑中没有网格 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no vertex there to move.</source>
        <translation>此处没有可移动的顶点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no vertex there to delete.</source>
        <translation>此处没有可删除的顶点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no edge there to add a vertex to.</source>
        <translation>此处没有可添加顶点的边。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is already a vertex there.</source>
        <translation>此处已有顶点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 would have fewer than three vertices.</source>
        <translation>网格 %1 的顶点将少于三个。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw the new grid as one closed polygon.</source>
        <translation>请将新网格画成一个闭合多边形。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The drawn polygon is not valid (%1); draw it again.</source>
        <translation>所画的多边形无效（%1），请重新绘制。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unknown grid level %1.</source>
        <translation>未知的网格层级 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 is not a responsibility grid.</source>
        <translation>网格 %1 不是责任网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 is not a management grid.</source>
        <translation>网格 %1 不是管理网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The drawn polygon covers no free area; draw it over the hole to fill.</source>
        <translation>所画的多边形没有覆盖任何空白区域，请画在要填补的空洞上。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The drawn polygon lies outside the area the grid must be in.</source>
        <translation>所画的多边形在该网格应处的范围之外。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The drawn polygon is in no responsibility grid.</source>
        <translation>所画的多边形不在任何责任网格内。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new grid would be in %1 separate pieces; draw it as one area.</source>
        <translation>新网格将分成 %1 块，请画成一个连续区域。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The new grid would swallow grid %1 entirely; merge the grids instead.</source>
        <translation>新网格将完全吞并网格 %1，请改用合并网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new grid would cut grid %1 in two; split it first.</source>
        <translation>新网格将把网格 %1 截成两部分，请先分割该网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The line must cross grid %1 from one edge to another.</source>
        <translation>分割线必须从一条边到另一条边穿过网格 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose at least two grids to merge.</source>
        <translation>请至少选择两个网格进行合并。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only grids of one level can be merged.</source>
        <translation>只能合并同一层级的网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These management grids belong to different responsibility grids; move them into one responsibility grid first.</source>
        <translation>这些管理网格属于不同的责任网格，请先将它们移入同一个责任网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The grids do not form one area (they share no edge); merge neighbours only.</source>
        <translation>这些网格不构成一个连续区域（没有公共边），只能合并相邻的网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The line must leave and re-enter grid %1&apos;s outer boundary.</source>
        <translation>线必须穿出并再穿回网格 %1 的外边界。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new outline would leave grid %1 in %2 pieces.</source>
        <translation>新边界将使网格 %1 分成 %2 块。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new outline would swallow grid %1; merge the grids instead.</source>
        <translation>新边界将吞并网格 %1，请改用合并网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new outline would cut grid %1 in two.</source>
        <translation>新边界将把网格 %1 截成两部分。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The area grid %1 gives up (%2 m²) has no neighbour to go to; it would become a gap.</source>
        <translation>网格 %1 让出的区域（%2 平方米）没有相邻网格可以接收，将成为缝隙。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grid %1 cannot take the area grid %2 gives up.</source>
        <translation>网格 %1 无法接收网格 %2 让出的区域。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 already belongs to %2.</source>
        <translation>网格 %1 已属于 %2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 is the whole of %2; merge the responsibility grids instead.</source>
        <translation>网格 %1 就是 %2 的全部范围，请改为合并责任网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moving grid %1 would cut %2 in two.</source>
        <translation>移动网格 %1 将把 %2 截成两部分。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 does not share an edge with %2; it can only move to a neighbour.</source>
        <translation>网格 %1 与 %2 没有公共边，只能移入相邻的责任网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These attributes cannot be edited here: %1.</source>
        <translation>这些属性不能在此编辑：%1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A grid name must be 1 to 64 characters.</source>
        <translation>网格名称须为 1 至 64 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The leader name may be at most %1 characters.</source>
        <translation>负责人姓名最多 %1 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The leader phone may be at most %1 characters.</source>
        <translation>负责人电话最多 %1 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A phone number may contain only digits, spaces, + and -.</source>
        <translation>电话号码只能包含数字、空格、+ 和 -。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The department must be chosen from the list.</source>
        <translation>请从列表中选择责任部门。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The admin_unit must be chosen from the list.</source>
        <translation>请从列表中选择所属村居。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 cannot take the gap (they do not share an edge).</source>
        <translation>网格 %1 无法接收该缝隙（二者没有公共边）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snapping grid %1 to %2 would leave it in %3 pieces.</source>
        <translation>将网格 %1 吸附到 %2 会使其分成 %3 块。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This problem has no automatic fix.</source>
        <translation>此问题无法自动修复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file changes nothing.</source>
        <translation>该文件没有带来任何修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The edit changes nothing.</source>
        <translation>此次编辑没有任何修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to redo.</source>
        <translation>没有可重做的操作。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid grid code: %1.</source>
        <translation>网格编码无效：%1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code %1 is already used by another grid; choose another.</source>
        <translation>编码 %1 已被其他网格使用，请另选一个。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A management grid needs a responsibility grid.</source>
        <translation>管理网格必须属于一个责任网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsibility grid %1 has no free management grid number left (01-99).</source>
        <translation>责任网格 %1 已没有可用的管理网格序号（01-99）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the new responsibility grid a code.</source>
        <translation>请为新的责任网格填写编码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Community %1 has no free responsibility grid number left (1-9).</source>
        <translation>村居 %1 已没有可用的责任网格序号（1-9）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grid %1 would be in %2 pieces or empty.</source>
        <translation>网格 %1 将分成 %2 块或变为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 would not be a valid polygon (%2).</source>
        <translation>网格 %1 将不再是有效的多边形（%2）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The edit would leave a gap of %1 m².</source>
        <translation>此次编辑将留下 %1 平方米的缝隙。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The edit would overlap grid %1 by %2 m².</source>
        <translation>此次编辑将与网格 %1 重叠 %2 平方米。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The edit would reach %1 m² outside the town boundary.</source>
        <translation>此次编辑将超出城镇边界 %1 平方米。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The edit would make grids overlap by %1 m².</source>
        <translation>此次编辑将使网格重叠 %1 平方米。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The edit would leave edges whose two sides do not share vertices.</source>
        <translation>此次编辑将使部分公共边两侧的顶点不一致。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 would belong to no responsibility grid.</source>
        <translation>网格 %1 将不属于任何责任网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 would reach %2 m² outside responsibility grid %3.</source>
        <translation>网格 %1 将超出责任网格 %3 达 %2 平方米。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsibility grid %1 would not be covered by its management grids (%2 m² uncovered).</source>
        <translation>责任网格 %1 将不能被其管理网格完全覆盖（%2 平方米未覆盖）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grid %1 would be a sliver.</source>
        <translation>网格 %1 将成为狭长碎片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 would be tiny (%2 m²).</source>
        <translation>网格 %1 的面积将过小（%2 平方米）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 grids share the code %2; give each grid its own code.</source>
        <translation>%1 个网格使用同一编码 %2，请为每个网格分配不同的编码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 has no area; a grid must be one polygon.</source>
        <translation>网格 %1 没有面积，网格必须是单一多边形。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 is in %2 separate pieces; a grid must be one polygon.</source>
        <translation>网格 %1 分成 %2 块，网格必须是单一多边形。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 is a %2, not a polygon; a grid must be one polygon.</source>
        <translation>网格 %1 是%2而不是多边形，网格必须是单一多边形。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grid %1 is not a valid polygon (%2); redraw the boundary there.</source>
        <translation>网格 %1 不是有效的多边形（%2），请在该处重画边界。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Responsibility grid %1 reaches %2 m² outside the town boundary.</source>
        <translation>责任网格 %1 超出城镇边界 %2 平方米。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 is a sliver (compactness %2).</source>
        <translation>网格 %1 是狭长碎片（紧凑度 %2）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 is tiny (%2 m²).</source>
        <translation>网格 %1 面积过小（%2 平方米）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A gap of %1 m² that no responsibility grid covers; draw a grid there or give it to a neighbour.</source>
        <translation>有 %1 平方米的缝隙不属于任何责任网格，请在此处绘制网格或将其并入相邻网格。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A gap of %1 m² that no management grid covers; draw a grid there or give it to a neighbour.</source>
        <translation>有 %1 平方米的缝隙不属于任何管理网格，请在此处绘制网格或将其并入相邻网格。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grids %1 and %2 overlap by %3 m².</source>
        <translation>网格 %1 与 %2 重叠 %3 平方米。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 does not share its neighbour&apos;s vertices along an edge; snap it to the neighbour.</source>
        <translation>网格 %1 与相邻网格的公共边顶点不一致，请将其吸附到相邻网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Management grid %1 belongs to no known responsibility grid; move it to one.</source>
        <translation>管理网格 %1 不属于任何已知的责任网格，请将其移入一个责任网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Management grid %1 reaches %2 m² outside its responsibility grid.</source>
        <translation>管理网格 %1 超出其责任网格 %2 平方米。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsibility grid %1 is not covered by its own management grids (%2 m² belong to another responsibility grid&apos;s management grids).</source>
        <translation>责任网格 %1 未被其自身的管理网格完全覆盖（有 %2 平方米属于其他责任网格的管理网格）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge grid %1 into the neighbour it shares the longest edge with.</source>
        <translation>将网格 %1 并入与其公共边最长的相邻网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the gap to the neighbouring grid that shares the longest edge with it.</source>
        <translation>将缝隙并入与其公共边最长的相邻网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cut the overlap from grid %1 so that it follows grid %2&apos;s boundary.</source>
        <translation>从网格 %1 中切除重叠部分，使其沿网格 %2 的边界。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snap grid %1 to its neighbour&apos;s vertices within %2 m.</source>
        <translation>将网格 %1 吸附到 %2 米范围内相邻网格的顶点上。</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>The edit was refused.</source>
        <translation>此次编辑被拒绝。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Apply fix</source>
        <translation>应用修复</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>%1 grids checked: the tiling is exact.</source>
        <translation>已检查 %1 个网格：拼接严密，无缝隙、无重叠。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 grids checked: %2.</source>
        <translation>已检查 %1 个网格：%2。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>EditorTools</name>
    <message>
        <location filename="../../desktop/editor/tools.py" line="+151"/>
        <source>Vertex of %1 — drag to move, Delete to remove</source>
        <translation>%1 的顶点 — 拖动可移动，按 Delete 删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edge of %1 — drag to add a vertex</source>
        <translation>%1 的边 — 拖动可添加顶点</translation>
    </message>
    <message>
        <location line="+209"/>
        <source>Place at least two points.</source>
        <translation>请至少放置两个点。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>A grid needs at least three corners.</source>
        <translation>网格至少需要三个角点。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The outline crosses itself; draw it again.</source>
        <translation>轮廓线自相交，请重新绘制。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Draw the line across the grid to split.</source>
        <translation>请画一条穿过待分割网格的线。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Draw the new boundary across the grid to reshape.</source>
        <translation>请画出穿过待重塑网格的新边界。</translation>
    </message>
</context>
<context>
    <name>ExportGridsDialog</name>
    <message>
        <location filename="../../desktop/editor/io_dialogs.py" line="+348"/>
        <source>Export grids</source>
        <translation>导出网格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export grid boundaries</source>
        <translation>导出网格边界</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Writes the grids as they are stored, in CGCS2000 longitude/latitude (EPSG:4490), at full precision: a file exported and imported again changes nothing.</source>
        <translation>按库中存储原样导出网格，坐标为 CGCS2000 经纬度（EPSG:4490），全精度：导出的文件再导入不会改变任何内容。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>GeoJSON (RFC 7946)</source>
        <translation>GeoJSON 格式（RFC 7946）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shapefile (.shp, .prj, .cpg)</source>
        <translation>Shapefile 格式（.shp、.prj、.cpg）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Both levels</source>
        <translation>两级网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsibility grids only</source>
        <translation>仅责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Management grids only</source>
        <translation>仅管理网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>GBK (older Chinese GIS software)</source>
        <translation>GBK（较旧的国产 GIS 软件）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attribute encoding</source>
        <translation>属性编码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Where to write the file</source>
        <translation>文件保存位置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Destination</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Shapefile (*.shp)</source>
        <translation>Shapefile 文件 (*.shp)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GeoJSON (*.geojson *.json)</source>
        <translation>GeoJSON 文件 (*.geojson *.json)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export grids to</source>
        <translation>导出网格到</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choose where to write the file.</source>
        <translation>请选择文件保存位置。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Exported {n} grids.</source>
        <translation>已导出 {n} 个网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder: {folder}</source>
        <translation>文件夹：{folder}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files: {files}</source>
        <translation>文件：{files}</translation>
    </message>
</context>
<context>
    <name>GridEditorWindow</name>
    <message>
        <location filename="../../desktop/editor/window.py" line="+16"/>
        <location line="+205"/>
        <source>Grid boundary editor</source>
        <translation>网格边界编辑器</translation>
    </message>
    <message>
        <location line="-168"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+209"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="-201"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+114"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="-114"/>
        <location line="+121"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change parent</source>
        <translation>改划责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vertices</source>
        <translation>顶点</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reshape</source>
        <translation>重塑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validate</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Editor toolbar</source>
        <translation>编辑工具栏</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Management grids</source>
        <translation>管理网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responsibility grids</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Snap</source>
        <translation>吸附</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>px</source>
        <translation>像素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snap to vertices and edges within this many pixels (0: off)</source>
        <translation>在此像素范围内吸附到顶点和边（0：关闭）</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Undo %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Redo %1</source>
        <translation>重做 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>%n grids changed, not saved</source>
        <translation>
            <numerusform>%n 个网格已修改，未保存</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No unsaved edits</source>
        <translation>无未保存的编辑</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n grids loaded for editing.</source>
        <translation>
            <numerusform>已载入 %n 个网格供编辑。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The grids could not be loaded: %1</source>
        <translation>无法载入网格：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Every edit was discarded.</source>
        <translation>已放弃全部编辑。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%1: %n grids changed.</source>
        <translation>
            <numerusform>%1：%n 个网格有变动。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Undone %1 (%n grids).</source>
        <translation>
            <numerusform>已撤销 %1（%n 个网格）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Redone %1 (%n grids).</source>
        <translation>
            <numerusform>已重做 %1（%n 个网格）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Boundary version saved</source>
        <translation>边界版本已保存</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>Not saved: the tiling would break (%n problems). Nothing was written.</source>
        <translation>
            <numerusform>未保存：网格拼接将被破坏（%n 个问题），未写入任何数据。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Vertex tool: drag a vertex or an edge midpoint; Delete removes the vertex under the pointer.</source>
        <translation>顶点工具：拖动顶点或边的中点；按 Delete 删除指针处的顶点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw: click the corners of the new grid; double-click, Enter or right-click finishes (with Shift: fill a gap only).</source>
        <translation>绘制：依次单击新网格的角点；双击、回车或右键结束（按住 Shift：只填补缝隙）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split: draw a line across the grid; double-click, Enter or right-click cuts.</source>
        <translation>分割：画一条穿过网格的线；双击、回车或右键完成分割。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reshape: draw from the boundary out and back to it; double-click or Enter applies.</source>
        <translation>重塑：从边界出发画线再回到边界；双击或回车应用。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Select two or more neighbouring grids first (Ctrl+click).</source>
        <translation>请先选择两个或以上相邻网格（Ctrl+单击）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select one management grid first.</source>
        <translation>请先选择一个管理网格。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid %1 borders no other responsibility grid.</source>
        <translation>网格 %1 不与其他责任网格相邻。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Discard all edits</source>
        <translation>放弃全部编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roll back every edit of this session? The database has not been changed.</source>
        <translation>撤回本次会话的全部编辑？数据库尚未改动。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reloading drops your unsaved edits. Reload anyway?</source>
        <translation>重新载入将丢弃未保存的编辑。仍要重新载入吗？</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Save or discard your edits before importing.</source>
        <translation>导入前请先保存或放弃当前编辑。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Another workstation has just saved grid boundaries; if it changed a grid you edited, saving will show both versions.</source>
        <translation>另一工作站刚保存了网格边界；如其改动了您编辑的网格，保存时将显示双方版本。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Please wait: the editor is talking to the database.</source>
        <translation>请稍候：编辑器正在与数据库通信。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unsaved edits</source>
        <translation>未保存的编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You have edits that are not saved as a boundary version.</source>
        <translation>您有尚未保存为边界版本的编辑。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+6"/>
        <source>Grid editor</source>
        <translation>网格编辑器</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>The grid editor needs a database.</source>
        <translation>网格编辑器需要连接数据库。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your role may not edit grid boundaries.</source>
        <translation>您的角色无权编辑网格边界。</translation>
    </message>
</context>
<context>
    <name>GridEditorWords</name>
    <message>
        <location filename="../../desktop/editor/io_dialogs.py" line="-446"/>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reshaped</source>
        <translation>重塑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <source>Retired</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Attributes changed</source>
        <translation>属性变更</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key point</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open case</source>
        <translation>未结案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid member</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>Responsibility grid</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Village / committee</source>
        <translation>村居</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leader&apos;s phone</source>
        <translation>网格长电话</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Management grid</source>
        <translation>管理网格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>The file cannot be written or read; nothing was changed.</source>
        <translation>文件无法写入或读取，未做任何改动。</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../desktop/editor/history.py" line="+64"/>
        <source>Boundary versions</source>
        <translation>网格边界版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show on map</source>
        <translation>在地图上显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Committed</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Author</source>
        <translation>提交人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Effective</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key points</source>
        <translation>重点点位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Load older versions</source>
        <translation>加载更早的版本</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+212"/>
        <source>Select a version to see what changed.</source>
        <translation>选择一个版本，查看改动了什么。</translation>
    </message>
    <message>
        <location line="-205"/>
        <source>Grid code</source>
        <translation>网格编码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>改动</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What changed</source>
        <translation>改动内容</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Record</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Label</source>
        <translation>名称/编号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From grid</source>
        <translation>原网格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To grid</source>
        <translation>新网格</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+192"/>
        <source>Changed grids</source>
        <translation>改动的网格</translation>
    </message>
    <message>
        <location line="-191"/>
        <location line="+192"/>
        <source>Moved records</source>
        <translation>改划的记录</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>The history needs the GridDesk database.</source>
        <translation>版本历史需要连接 GridDesk 数据库。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loading versions…</source>
        <translation>正在加载版本…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>No boundary version yet: every commit of the editor or import becomes one.</source>
        <translation>还没有边界版本：编辑器的每次提交或每次导入都会生成一个版本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} versions shown</source>
        <translation>已显示 {n} 个版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (more when you scroll down)</source>
        <translation>（向下滚动加载更多）</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Loading version {v}…</source>
        <translation>正在加载版本 {v}…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Version {v}, committed {when} by {who} at {where}</source>
        <translation>版本 {v}：{who} 于 {when} 在 {where} 提交</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>effective from {d}</source>
        <translation>自 {d} 起生效</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Changed grids ({n})</source>
        <translation>改动的网格（{n}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moved records ({n})</source>
        <translation>改划的记录（{n}）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>area {a} m²</source>
        <translation>面积 {a} 平方米</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>area {a} m² given up</source>
        <translation>并出面积 {a} 平方米</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>area {a} → {b} m² ({d})</source>
        <translation>面积 {a} → {b} 平方米（{d}）</translation>
    </message>
</context>
<context>
    <name>ImportGridsDialog</name>
    <message>
        <location filename="../../desktop/editor/io_dialogs.py" line="-160"/>
        <source>Broken JSON</source>
        <translation>JSON 格式损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is not valid JSON; it may be cut off. Export it again.</source>
        <translation>文件不是有效的 JSON，可能不完整，请重新导出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a FeatureCollection</source>
        <translation>不是要素集合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file must be a GeoJSON FeatureCollection of grid polygons.</source>
        <translation>文件必须是由网格多边形组成的 GeoJSON 要素集合（FeatureCollection）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a feature</source>
        <translation>不是要素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This entry is not a GeoJSON Feature; remove it.</source>
        <translation>该条目不是 GeoJSON 要素，请删除。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No geometry</source>
        <translation>缺少几何图形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The feature has no boundary; draw it or remove the feature.</source>
        <translation>该要素没有边界，请绘制边界或删除该要素。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unreadable geometry</source>
        <translation>几何图形无法读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The boundary cannot be read; fix it in the source file.</source>
        <translation>边界无法读取，请在源文件中修正。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wrong geometry type</source>
        <translation>几何类型错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every grid must be exactly one polygon (no points, lines or multi-part shapes).</source>
        <translation>每个网格必须恰好是一个多边形（不能是点、线或多部件图形）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Self-intersection</source>
        <translation>自相交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The boundary crosses itself; fix it at the location shown.</source>
        <translation>边界自身交叉，请在所示位置修正。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+69"/>
        <source>Invalid polygon</source>
        <translation>无效多边形</translation>
    </message>
    <message>
        <location line="-68"/>
        <location line="+69"/>
        <source>The polygon is not valid; fix its boundary in the source file.</source>
        <translation>多边形无效，请在源文件中修正其边界。</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Unknown coordinate system</source>
        <translation>无法识别的坐标系</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The coordinate system cannot be recognised; choose the source CRS above or reproject the file to EPSG:4490.</source>
        <translation>无法识别坐标系：请在上方选择源坐标系，或将文件投影转换为 EPSG:4490。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No .prj file</source>
        <translation>缺少 .prj 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Shapefile has no .prj; its lon/lat coordinates are read as CGCS2000 (EPSG:4490).</source>
        <translation>该 Shapefile 没有 .prj 文件，其经纬度坐标按 CGCS2000（EPSG:4490）读取。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wrong text encoding</source>
        <translation>文字编码错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Chinese attributes are not in the declared encoding; choose UTF-8 or GBK above, or fix the .cpg file.</source>
        <translation>中文属性与声明的编码不符：请在上方选择 UTF-8 或 GBK，或修正 .cpg 文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shapefile part missing</source>
        <translation>Shapefile 文件不全</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the .shp, .shx and .dbf files (and .prj, .cpg) together.</source>
        <translation>请将 .shp、.shx、.dbf（以及 .prj、.cpg）文件一起复制。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unreadable file</source>
        <translation>文件无法读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file cannot be read; check that it exists and is not damaged.</source>
        <translation>文件无法读取，请检查文件是否存在、是否损坏。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown file type</source>
        <translation>不支持的文件类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only GeoJSON (.geojson, .json) and Shapefile (.shp) files can be imported.</source>
        <translation>只能导入 GeoJSON（.geojson、.json）和 Shapefile（.shp）文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No grid code field</source>
        <translation>缺少网格编码字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a &apos;code&apos; attribute holding each grid&apos;s 14-digit code.</source>
        <translation>请添加 code 字段，填写每个网格的 14 位编码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grid code missing</source>
        <translation>缺少网格编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill in the feature&apos;s 14-digit grid code.</source>
        <translation>请填写该要素的 14 位网格编码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Invalid grid code</source>
        <translation>网格编码无效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The grid code does not follow the 14-digit scheme or does not fit its level or parent.</source>
        <translation>网格编码不符合 14 位编码规则，或与其层级、上级网格不符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown grid level</source>
        <translation>网格层级无法识别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The level must be responsibility or management (责任网格 / 管理网格).</source>
        <translation>层级必须是责任网格或管理网格（responsibility / management）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Duplicate grid code</source>
        <translation>网格编码重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two grids carry the same code; give each grid its own code.</source>
        <translation>两个网格使用了同一编码，请为每个网格设置不同的编码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file holds no grids.</source>
        <translation>该文件不含任何网格。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown department</source>
        <translation>职能部门不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The department code is not one of the town&apos;s departments.</source>
        <translation>该部门编码不属于本镇任何职能部门。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Code of a retired grid</source>
        <translation>编码属于已撤销网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code belonged to a grid that was merged away; give this grid a new code.</source>
        <translation>该编码属于已被合并撤销的网格，请为此网格设置新编码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown village / committee</source>
        <translation>村居不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code names a village or residential committee the town does not have.</source>
        <translation>编码中的村居在本镇不存在。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No changes</source>
        <translation>没有改动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file matches the grids as they are; there is nothing to import.</source>
        <translation>文件与现有网格完全一致，无需导入。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not one polygon</source>
        <translation>不是单一多边形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The grid is empty or falls apart into several pieces.</source>
        <translation>网格为空或分裂成多块。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gap</source>
        <translation>缝隙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part of the town is covered by no grid; the grids must tile the town.</source>
        <translation>镇域内有部分区域不属于任何网格：网格必须无缝覆盖全镇。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two grids of one level cover the same area.</source>
        <translation>同一层级的两个网格覆盖了同一区域。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shared edge does not match</source>
        <translation>公共边不一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Neighbouring grids must share the same vertices along their common boundary.</source>
        <translation>相邻网格在公共边界上必须使用相同的顶点。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Outside its parent</source>
        <translation>超出上级网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A management grid reaches outside its responsibility grid (or a grid outside the town).</source>
        <translation>管理网格超出了所属责任网格（或网格超出了镇界）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No responsibility grid</source>
        <translation>无所属责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The management grid&apos;s responsibility grid is unknown.</source>
        <translation>无法确定该管理网格所属的责任网格。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Parent not covered</source>
        <translation>未覆盖上级网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The management grids do not cover their whole responsibility grid.</source>
        <translation>管理网格没有完整覆盖其所属责任网格。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sliver</source>
        <translation>狭长碎片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A very thin grid, probably left over from digitising.</source>
        <translation>极细长的网格，可能是数字化时遗留的碎片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tiny grid</source>
        <translation>面积过小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The grid is smaller than the minimum area.</source>
        <translation>网格面积小于最小面积。</translation>
    </message>
    <message>
        <location line="+304"/>
        <source>Detect from the file</source>
        <translation>从文件自动识别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EPSG:4490 CGCS2000 longitude/latitude</source>
        <translation>EPSG:4490 CGCS2000 经纬度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EPSG:4326 WGS 84 longitude/latitude</source>
        <translation>EPSG:4326 WGS 84 经纬度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E</source>
        <translation>EPSG:4549 CGCS2000 / 3 度带高斯-克吕格 中央经线 120°E</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Import grids</source>
        <translation>导入网格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import grid boundaries</source>
        <translation>导入网格边界</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file is checked first and nothing is changed. Grids are matched by code: new codes become new grids, grids missing from the file are retired. Only a clean file can be imported, as one boundary version.</source>
        <translation>先检查文件，检查时不做任何改动。网格按编码对应：新编码成为新网格，文件中没有的网格将被撤销。只有检查无误的文件才能导入，导入后生成一个边界版本。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A .geojson, .json or .shp file</source>
        <translation>.geojson、.json 或 .shp 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Override the file&apos;s coordinate system: pick one or type an EPSG code, e.g. 4549.</source>
        <translation>指定文件的坐标系：从列表中选择，或输入 EPSG 代码，例如 4549。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Source CRS</source>
        <translation>源坐标系</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attribute encoding</source>
        <translation>属性编码</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Check report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No file checked yet.</source>
        <translation>尚未检查文件。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Grid code</source>
        <translation>网格编码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What to do</source>
        <translation>处理办法</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Location (lon, lat)</source>
        <translation>位置（经度, 纬度）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Required: why the boundaries change (e.g. the street office&apos;s new map)</source>
        <translation>必填：边界调整的原因（例如：街道提供的新边界图）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>would be created</source>
        <translation>将新建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>would be reshaped</source>
        <translation>将重塑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>would be retired</source>
        <translation>将撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>attributes would change</source>
        <translation>将变更属性</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Import grids from</source>
        <translation>从文件导入网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid layers (*.geojson *.json *.shp);;All files (*)</source>
        <translation>网格图层 (*.geojson *.json *.shp);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+65"/>
        <source>The file or the options changed: check the file again.</source>
        <translation>文件或选项已更改，请重新检查文件。</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+107"/>
        <source>Write a note to import.</source>
        <translation>填写说明后即可导入。</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Ready to import as one boundary version.</source>
        <translation>可以导入，将生成一个边界版本。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose a file to import.</source>
        <translation>请选择要导入的文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{crs} is not a coordinate system; type an EPSG code such as 4549.</source>
        <translation>“{crs}”不是坐标系，请输入 EPSG 代码，例如 4549。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign in as a map editor to import grids.</source>
        <translation>请以网格编辑员身份登录后导入网格。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>File: {name}</source>
        <translation>文件：{name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format: {fmt}</source>
        <translation>格式：{fmt}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coordinate system: {crs}</source>
        <translation>坐标系：{crs}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not recognised</source>
        <translation>无法识别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Features: {n}</source>
        <translation>要素数：{n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attribute encoding: {enc}</source>
        <translation>属性编码：{enc}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reprojected to EPSG:4490</source>
        <translation>已转换为 EPSG:4490</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{n} problems: nothing can be imported until they are fixed. Nothing was changed.</source>
        <translation>发现 {n} 个问题：修正之前不能导入。未做任何改动。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file changes nothing: there is nothing to import.</source>
        <translation>文件与现有网格一致，无需导入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file is clean and tiles the town: {n} grids would change.</source>
        <translation>文件检查无误，网格无缝覆盖全镇：将改动 {n} 个网格。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>#{n}</source>
        <translation>#{n}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>whole file</source>
        <translation>整个文件</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing to import.</source>
        <translation>没有需要导入的内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fix the file and check it again.</source>
        <translation>请修正文件后重新检查。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The import was refused; nothing was changed. See the report.</source>
        <translation>导入被拒绝，未做任何改动。请查看检查报告。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Moved to other grids: {kp} key points, {cam} cameras, {cases} open cases.</source>
        <translation>改划到其他网格：重点点位 {kp} 个，摄像头 {cam} 个，未结案件 {cases} 件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Imported as boundary version {v}.</source>
        <translation>已导入为边界版本 {v}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grids: {changes}</source>
        <translation>网格：{changes}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>… and {n} more (see the boundary history).</source>
        <translation>……另有 {n} 条（见边界版本历史）。</translation>
    </message>
</context>
<context>
    <name>IssuePanel</name>
    <message>
        <location filename="../../desktop/editor/panels.py" line="+200"/>
        <source>Validate all</source>
        <translation>全面检查</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Show on map</source>
        <translation>在地图上显示</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+18"/>
        <source>Fix</source>
        <translation>修复</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>available</source>
        <translation>可自动修复</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No problems: the grids tile the town exactly.</source>
        <translation>没有问题：网格完整拼接覆盖全镇。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No problems found around your edits.</source>
        <translation>编辑处周边未发现问题。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 errors (they block saving), %2 warnings.</source>
        <translation>%1 个错误（阻止保存），%2 个警告。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Fix: %1</source>
        <translation>修复：%1</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="-117"/>
        <source>Merge grids</source>
        <translation>合并网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The merged grid keeps the code, name and responsible people of:</source>
        <translation>合并后的网格沿用以下网格的编码、名称和负责人：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The others are retired; their key points, cameras and open cases move into it.</source>
        <translation>其余网格将撤销，其重点点位、摄像头和未结案件并入该网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
</context>
<context>
    <name>ParentDialog</name>
    <message>
        <location line="+15"/>
        <source>Move to another responsibility grid</source>
        <translation>移入其他责任网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Management grid %1 (%2) moves to:</source>
        <translation>管理网格 %1（%2）移入：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It gets a new code under that grid; both grids&apos; outlines follow.</source>
        <translation>它将获得该责任网格下的新编码，两个责任网格的边界随之调整。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move</source>
        <translation>移入</translation>
    </message>
</context>
<context>
    <name>VersionsPreview</name>
    <message>
        <location line="+150"/>
        <source>━ theirs (saved)</source>
        <translation>━ 对方（已保存）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>┅ yours (not saved)</source>
        <translation>┅ 您的（未保存）</translation>
    </message>
</context>
</TS>
