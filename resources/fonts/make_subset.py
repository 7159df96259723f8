import sys
from fontTools import subset
from fontTools.ttLib import TTCollection
chars=set(range(0x20,0x7f))|set(range(0xa0,0x180))|set(range(0x2000,0x206f))|set(range(0x2100,0x215f))|set(range(0x2190,0x21ff))|set(range(0x2460,0x24ff))|set(range(0x2500,0x25ff))|set(range(0x3000,0x303f))|set(range(0xff00,0xffef))|{0x00b0,0x00b2,0x00b3,0x00d7}
# GB2312 (all 7445 chars) via codec
for hi in range(0xa1,0xf8):
    for lo in range(0xa1,0xff):
        try: chars.add(ord(bytes([hi,lo]).decode('gb2312')))
        except Exception: pass
print(len(chars))
for weight in ("Regular","Bold"):
    c=TTCollection(f'nf/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc')
    font=c.fonts[2]
    opts=subset.Options(); opts.layout_features=['*']; opts.name_IDs=['*']; opts.name_languages=['*']; opts.notdef_outline=True; opts.hinting=False
    s=subset.Subsetter(opts); s.populate(unicodes=chars); s.subset(font)
    font.save(f'/tmp/NotoSansSC-{weight}-GB2312.otf')
