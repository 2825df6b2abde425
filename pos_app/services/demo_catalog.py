"""Word lists for the demo store's catalog, expanded deterministically into products.

Each category holds product lines (brand + product) and their variants (flavour, size,
colour...). `demo_products()` turns them into rows with a stable SKU, a valid EAN-13 barcode
(GS1 China prefixes 690–699), a price in fen and an opening stock, the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product as _cartesian

from pos_app.domain.barcodes import gtin_check_digit

# Well-known demo codes that docs, tests and the demo sign-in screen refer to.
COLA_330_BARCODE = "6901234567892"  # 可口可乐 330ml ¥3.50
TEA_JASMINE_BARCODE = "6920202888883"  # 东方树叶 茉莉花茶 500ml ¥5.50
TOTE_BARCODE = "6937654321097"  # 帆布手提袋 ¥129.00

Variant = tuple  # (spec_zh, spec_en, price_fen) or (spec_zh, spec_en, price_fen, barcode)


@dataclass(frozen=True)
class Line:
    name_zh: str
    name_en: str
    variants: tuple[Variant, ...]
    unit_tracked: bool = False


@dataclass(frozen=True)
class Category:
    code: str  # SKU prefix
    name_zh: str
    name_en: str
    gs1_prefix: str  # 690–699
    tax_rate_bp: int
    member_discount_pct: int | None  # member price = price × pct / 100 (whole yuan, down)
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name_zh: str
    name_en: str
    price: int
    member_price: int | None
    category: str
    tax_rate_bp: int
    unit_tracked: bool
    barcode: str
    stock: int


def _grid(colours: list[tuple[str, str]], sizes: list[str], price: int) -> tuple[Variant, ...]:
    """Colour × size variants of one garment at one price."""
    pairs = _cartesian(colours, sizes)
    return tuple((f"{zh} {size}", f"{en} {size}", price) for (zh, en), size in pairs)


def _l(zh: str, en: str, *variants: Variant, unit_tracked: bool = False) -> Line:
    return Line(zh, en, tuple(variants), unit_tracked)


WHITE, BLACK, NAVY, GREY = ("白色", "White"), ("黑色", "Black"), ("藏青", "Navy"), ("灰色", "Grey")

CATEGORIES: tuple[Category, ...] = (
    Category("DRK", "饮料", "Drinks", "690", 1300, None, (
        _l("可口可乐", "Coca-Cola",
           ("330ml", "330ml", 350, COLA_330_BARCODE), ("500ml", "500ml", 400),
           ("1.25L", "1.25L", 650), ("2L", "2L", 850), ("330ml×24罐", "330ml x24 cans", 8400)),
        _l("零度可口可乐", "Coke Zero", ("330ml", "330ml", 350), ("500ml", "500ml", 400)),
        _l("雪碧", "Sprite", ("330ml", "330ml", 350), ("500ml", "500ml", 400), ("2L", "2L", 850)),
        _l("芬达 橙味", "Fanta Orange", ("330ml", "330ml", 350), ("500ml", "500ml", 400)),
        _l("百事可乐", "Pepsi", ("330ml", "330ml", 350), ("600ml", "600ml", 400)),
        _l("农夫山泉 饮用天然水", "Nongfu Spring Natural Water",
           ("550ml", "550ml", 200), ("1.5L", "1.5L", 400), ("4L", "4L", 900)),
        _l("怡宝 纯净水", "C'estbon Purified Water",
           ("555ml", "555ml", 200), ("1.555L", "1.555L", 450)),
        _l("百岁山 矿泉水", "Ganten Mineral Water", ("570ml", "570ml", 300)),
        _l("东方树叶", "Oriental Leaf Tea",
           ("茉莉花茶 500ml", "Jasmine 500ml", 550, TEA_JASMINE_BARCODE),
           ("乌龙茶 500ml", "Oolong 500ml", 550), ("红茶 500ml", "Black Tea 500ml", 550),
           ("绿茶 500ml", "Green Tea 500ml", 550)),
        _l("元气森林 苏打气泡水", "Genki Forest Sparkling Water",
           ("白桃味 480ml", "White Peach 480ml", 550), ("青瓜味 480ml", "Cucumber 480ml", 550),
           ("卡曼橘味 480ml", "Calamansi 480ml", 550), ("葡萄味 480ml", "Grape 480ml", 550)),
        _l("王老吉 凉茶", "Wong Lo Kat Herbal Tea",
           ("310ml 罐装", "310ml can", 400), ("500ml 瓶装", "500ml bottle", 550)),
        _l("康师傅 冰红茶", "Master Kong Iced Black Tea",
           ("500ml", "500ml", 350), ("1L", "1L", 550)),
        _l("伊利 纯牛奶", "Yili Pure Milk",
           ("250ml", "250ml", 350), ("250ml×12盒", "250ml x12", 5990)),
        _l("蒙牛 特仑苏 纯牛奶", "Mengniu Telunsu Milk", ("250ml×12盒", "250ml x12", 6990)),
        _l("雀巢咖啡 丝滑拿铁", "Nescafé Silky Latte", ("268ml", "268ml", 650)),
        _l("红牛 维生素功能饮料", "Red Bull Energy Drink", ("250ml", "250ml", 600)),
    )),
    Category("SNK", "零食", "Snacks", "691", 1300, None, (
        _l("乐事 薯片", "Lay's Potato Chips",
           ("原味 70g", "Classic 70g", 750), ("黄瓜味 70g", "Cucumber 70g", 750),
           ("番茄味 70g", "Tomato 70g", 750), ("青柠味 70g", "Lime 70g", 750),
           ("原味 135g", "Classic 135g", 1290)),
        _l("品客 薯片", "Pringles", ("原味 110g", "Original 110g", 1190),
           ("酸乳酪洋葱味 110g", "Sour Cream & Onion 110g", 1190)),
        _l("奥利奥 夹心饼干", "Oreo Sandwich Cookies", ("原味 97g", "Original 97g", 650),
           ("巧克力味 97g", "Chocolate 97g", 650), ("草莓味 97g", "Strawberry 97g", 650)),
        _l("三只松鼠", "Three Squirrels", ("每日坚果 750g", "Daily Nuts 750g", 12900),
           ("碧根果 210g", "Pecans 210g", 2990), ("夏威夷果 185g", "Macadamias 185g", 2690)),
        _l("旺旺", "Want Want", ("仙贝 52g", "Senbei Rice Crackers 52g", 490),
           ("雪饼 84g", "Snow Rice Crackers 84g", 690),
           ("旺仔小馒头 210g", "Milk Puffs 210g", 1290)),
        _l("良品铺子", "Bestore", ("猪肉脯 100g", "Pork Jerky 100g", 1990),
           ("芒果干 108g", "Dried Mango 108g", 1590)),
        _l("德芙 巧克力", "Dove Chocolate", ("丝滑牛奶 43g", "Silky Milk 43g", 750),
           ("黑巧克力 43g", "Dark 43g", 750), ("榛仁 43g", "Hazelnut 43g", 850),
           ("碗装 252g", "Bowl 252g", 3990)),
        _l("士力架 花生夹心巧克力", "Snickers",
           ("51g", "51g", 600), ("分享装 460g", "Share pack 460g", 4590)),
        _l("卫龙 辣条", "Weilong Latiao", ("大面筋 102g", "Spicy Gluten Strips 102g", 590),
           ("魔芋爽 180g", "Spicy Konjac 180g", 1290)),
        _l("好丽友 巧克力派", "Orion Choco Pie", ("6枚 204g", "6 pcs 204g", 1290),
           ("12枚 408g", "12 pcs 408g", 2390)),
        _l("康师傅 红烧牛肉面", "Master Kong Braised Beef Noodles", ("袋装 106g", "Pack 106g", 350),
           ("桶装 110g", "Cup 110g", 550), ("五连包", "5-pack", 1690)),
        _l("洽洽 香瓜子", "ChaCha Sunflower Seeds", ("原味 260g", "Original 260g", 990),
           ("焦糖味 108g", "Caramel 108g", 590)),
        _l("大白兔 奶糖", "White Rabbit Creamy Candy", ("227g", "227g", 2290)),
        _l("徐福记 酥心糖", "Hsu Fu Chi Crispy Candy", ("500g", "500g", 3290)),
    )),
    Category("GRN", "粮油", "Rice & Oil", "692", 900, None, (
        _l("五常 稻花香大米", "Wuchang Daohuaxiang Rice",
           ("2.5kg", "2.5kg", 4990), ("5kg", "5kg", 8990)),
        _l("金龙鱼", "Arawana", ("大豆油 5L", "Soybean Oil 5L", 6990),
           ("花生油 5L", "Peanut Oil 5L", 12990), ("调和油 1.8L", "Blended Oil 1.8L", 3290)),
        _l("福临门", "Fortune", ("泰国香米 5kg", "Thai Jasmine Rice 5kg", 5990),
           ("菜籽油 5L", "Rapeseed Oil 5L", 7990)),
        _l("鲁花 5S压榨花生油", "Luhua 5S Pressed Peanut Oil", ("900ml", "900ml", 3290),
           ("5L", "5L", 15990)),
        _l("想念 挂面", "Xiangnian Dried Noodles", ("1kg", "1kg", 1290)),
    )),
    Category("APP", "服饰", "Clothing", "693", 1300, 90, (
        _l("纯棉圆领T恤", "Cotton Crew-neck T-shirt",
           *_grid([WHITE, BLACK, NAVY, GREY], ["S", "M", "L", "XL"], 7900)),
        _l("连帽卫衣", "Hooded Sweatshirt", *_grid([GREY, BLACK, NAVY], ["M", "L", "XL"], 19900)),
        _l("直筒牛仔裤", "Straight-leg Jeans",
           *_grid([("深蓝", "Dark Blue")], ["28", "30", "32", "34", "36"], 29900)),
        _l("轻薄羽绒马甲", "Lightweight Down Vest",
           *_grid([BLACK, ("米白", "Ivory")], ["M", "L", "XL"], 39900)),
        _l("棉袜 3双装", "Cotton Socks 3-pack", *_grid([WHITE, BLACK], ["均码"], 3900)),
        _l("棒球帽", "Baseball Cap", *_grid([BLACK, WHITE, ("卡其", "Khaki")], ["均码"], 5900)),
        _l("帆布手提袋", "Canvas tote", ("本色", "Natural", 12900, TOTE_BARCODE)),
    )),
    Category("BTY", "美妆", "Beauty", "694", 1300, 90, (
        _l("玉兰油", "Olay", ("大红瓶面霜 50g", "Regenerist Cream 50g", 35000),
           ("小白瓶精华 30ml", "Luminous Serum 30ml", 29900),
           ("氨基酸洁面乳 100g", "Amino Acid Cleanser 100g", 6900)),
        _l("百雀羚", "Pechoin", ("水能量保湿霜 50g", "Hydrating Cream 50g", 12800),
           ("爽肤水 100ml", "Toner 100ml", 8800)),
        _l("自然堂", "CHANDO", ("补水面膜 5片", "Hydrating Masks x5", 6900),
           ("雪域精粹 精华水 160ml", "Himalaya Essence Water 160ml", 15800)),
        _l("完美日记 口红", "Perfect Diary Lipstick", ("#01 正红", "#01 True Red", 7900),
           ("#02 豆沙", "#02 Rose Nude", 7900), ("#03 枫叶", "#03 Maple", 7900),
           ("#04 奶茶", "#04 Milk Tea", 7900), ("#05 珊瑚", "#05 Coral", 7900)),
        _l("花西子", "Florasis", ("空气蜜粉 8g", "Loose Powder 8g", 14900),
           ("螺黛生花眉笔", "Eyebrow Pencil", 4900)),
        _l("安热沙 金瓶防晒乳", "Anessa Perfect UV Sunscreen",
           ("SPF50+ 60ml", "SPF50+ 60ml", 19800)),
        _l("薇诺娜 舒敏保湿特护霜", "Winona Soothing Repair Cream", ("50g", "50g", 26800)),
        _l("曼秀雷敦 润唇膏", "Mentholatum Lip Balm", ("无色 3.5g", "Clear 3.5g", 2990),
           ("薄荷 3.5g", "Mint 3.5g", 2990)),
        _l("舒肤佳 沐浴露", "Safeguard Body Wash", ("纯白清香 720ml", "Pure White 720ml", 3990),
           ("柠檬清新 720ml", "Lemon Fresh 720ml", 3990)),
    )),
    Category("HOM", "家居", "Home", "695", 1300, None, (
        _l("陶瓷马克杯", "Ceramic Mug", ("白色 350ml", "White 350ml", 3900),
           ("雾蓝 350ml", "Mist Blue 350ml", 3900), ("墨绿 350ml", "Forest Green 350ml", 3900)),
        _l("不锈钢保温杯", "Stainless Steel Vacuum Flask", ("500ml 黑色", "500ml Black", 12900),
           ("500ml 白色", "500ml White", 12900), ("750ml 黑色", "750ml Black", 15900)),
        _l("纯棉毛巾", "Cotton Towel", ("白色", "White", 2900), ("灰色", "Grey", 2900),
           ("浅粉", "Light Pink", 2900), ("浴巾 白色", "Bath Towel White", 8900)),
        _l("香薰蜡烛", "Scented Candle", ("白茶 200g", "White Tea 200g", 8900),
           ("雪松 200g", "Cedar 200g", 8900), ("无花果 200g", "Fig 200g", 8900)),
        _l("桌面收纳盒", "Desk Organiser", ("小号", "Small", 2900), ("大号", "Large", 4900)),
        _l("记忆棉枕", "Memory Foam Pillow", ("标准款", "Standard", 19900)),
        _l("竹制砧板", "Bamboo Chopping Board", ("中号", "Medium", 5900)),
        _l("晴雨折叠伞", "Folding Umbrella", ("黑色", "Black", 7900), ("藏青", "Navy", 7900)),
    )),
    Category("DIG", "数码配件", "Digital Accessories", "696", 1300, None, (
        _l("USB-C 数据线", "USB-C Cable", ("1m", "1m", 3900), ("2m", "2m", 4900)),
        _l("USB-C 转 Lightning 数据线", "USB-C to Lightning Cable", ("1m", "1m", 6900)),
        _l("氮化镓快充充电器", "GaN Fast Charger", ("20W", "20W", 6900), ("65W", "65W", 14900)),
        _l("车载快充充电器", "Car Fast Charger", ("38W", "38W", 7900)),
        _l("充电宝", "Power Bank", ("10000mAh", "10000mAh", 9900), ("20000mAh", "20000mAh", 15900)),
        _l("HDMI 高清线", "HDMI Cable", ("2m", "2m", 4900)),
        _l("蓝牙耳机", "Bluetooth Earbuds", ("白色", "White", 29900), ("黑色", "Black", 29900),
           ("主动降噪版 白色", "ANC White", 59900), unit_tracked=True),
        _l("智能手表", "Smartwatch", ("41mm 黑色", "41mm Black", 129900),
           ("45mm 银色", "45mm Silver", 149900), unit_tracked=True),
        _l("运动手环", "Fitness Band", ("黑色", "Black", 24900), unit_tracked=True),
        _l("便携蓝牙音箱", "Portable Bluetooth Speaker", ("深空灰", "Space Grey", 19900),
           unit_tracked=True),
        _l("手机壳", "Phone Case", ("iPhone 15 透明", "iPhone 15 Clear", 4900),
           ("iPhone 15 Pro 透明", "iPhone 15 Pro Clear", 4900),
           ("iPhone 15 硅胶 黑色", "iPhone 15 Silicone Black", 9900),
           ("华为 Mate 60 透明", "Huawei Mate 60 Clear", 4900)),
        _l("钢化膜", "Tempered Glass Screen Protector", ("iPhone 15", "iPhone 15", 3900),
           ("iPhone 15 Pro", "iPhone 15 Pro", 3900)),
        _l("无线鼠标", "Wireless Mouse", ("黑色", "Black", 9900), ("白色", "White", 9900)),
    )),
    Category("STA", "文具", "Stationery", "697", 1300, None, (
        _l("晨光 中性笔", "M&G Gel Pen", ("0.5mm 黑色", "0.5mm Black", 200),
           ("0.5mm 蓝色", "0.5mm Blue", 200), ("0.5mm 红色", "0.5mm Red", 200),
           ("0.5mm 黑色 12支装", "0.5mm Black 12-pack", 2200)),
        _l("得力", "Deli",
           ("订书机", "Stapler", 1990), ("便利贴 76×76mm", "Sticky Notes 76x76mm", 490),
           ("A4 文件夹", "A4 Folder", 390)),
        _l("国誉 笔记本", "Kokuyo Notebook", ("A5 40页", "A5 40 sheets", 590),
           ("B5 60页", "B5 60 sheets", 790)),
    )),
    Category("PER", "个护日化", "Personal & Household", "698", 1300, None, (
        _l("高露洁 牙膏", "Colgate Toothpaste",
           ("120g", "120g", 1290), ("美白 120g", "Whitening 120g", 1590)),
        _l("云南白药 牙膏", "Yunnan Baiyao Toothpaste", ("120g", "120g", 2990)),
        _l("清风 抽纸", "Breeze Facial Tissue", ("3层130抽×6包", "3-ply 130 x6", 2490)),
        _l("维达 卷纸", "Vinda Toilet Roll", ("10卷", "10 rolls", 3290)),
        _l("蓝月亮 洗衣液", "Bluemoon Laundry Detergent",
           ("1kg", "1kg", 2990), ("3kg", "3kg", 6990)),
        _l("立白 洗洁精", "Liby Dish Soap", ("1.29kg", "1.29kg", 1490)),
        _l("海飞丝 去屑洗发水", "Head & Shoulders Shampoo",
           ("丝质柔滑 400ml", "Smooth 400ml", 5990),
           ("清爽薄荷 400ml", "Cool Menthol 400ml", 5990)),
    )),
)


def ean13(body12: str) -> str:
    return body12 + str(gtin_check_digit(body12))


def _opening_stock(index: int, price: int, unit_tracked: bool) -> int:
    if unit_tracked:
        return 5 + index % 6
    if price >= 10_000:
        return 10 + (index * 7) % 21
    return 24 + (index * 37) % 157


def demo_products() -> list[DemoProduct]:
    """Every demo product, always the same SKUs, barcodes, prices and stock."""
    fixed = {
        v[3]
        for cat in CATEGORIES
        for line in cat.lines
        for v in line.variants
        if len(v) > 3
    }
    used: set[str] = set(fixed)
    out: list[DemoProduct] = []
    line_no = 0
    for cat in CATEGORIES:
        number = 0
        for line in cat.lines:
            line_no += 1
            company = (1000 + line_no * 379) % 10_000  # a made-up 4-digit company code
            for item, variant in enumerate(line.variants, start=1):
                number += 1
                spec_zh, spec_en, price = variant[0], variant[1], variant[2]
                barcode = variant[3] if len(variant) > 3 else ""
                ref = item * 10
                while not barcode:
                    candidate = ean13(f"{cat.gs1_prefix}{company:04d}{ref:05d}")
                    if candidate in used:
                        ref += 1
                    else:
                        barcode = candidate
                used.add(barcode)
                member = None
                if cat.member_discount_pct is not None:
                    member = price * cat.member_discount_pct // 100 // 100 * 100
                    if member <= 0 or member >= price:
                        member = None
                out.append(
                    DemoProduct(
                        sku=f"{cat.code}-{number:04d}",
                        name_zh=f"{line.name_zh} {spec_zh}",
                        name_en=f"{line.name_en} {spec_en}",
                        price=price,
                        member_price=member,
                        category=cat.name_zh,
                        tax_rate_bp=cat.tax_rate_bp,
                        unit_tracked=line.unit_tracked,
                        barcode=barcode,
                        stock=_opening_stock(len(out), price, line.unit_tracked),
                    )
                )
    return out
