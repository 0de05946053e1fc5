#!/usr/bin/env python3
"""Writes N synthetic residents (valid GB 11643 check digits, belonging to nobody; each ID once) as CSV, for bench/dataplane.sh."""
import datetime, random, sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
AREAS = {"320102": "玄武区", "320104": "秦淮区", "320105": "建邺区", "320106": "鼓楼区", "320111": "浦口区",
         "320113": "栖霞区", "320114": "雨花台区", "320115": "江宁区", "320116": "六合区", "320117": "溧水区"}
BORN = datetime.date(1950, 1, 1)

def main(rows, path):
    rnd = random.Random(7)
    areas = list(AREAS)
    # Row i is area i % 10, then a birth date and a sequence number that no other row of that area shares: IDs are unique.
    stride = max(1, 20000 * 1000 * len(areas) // max(rows, 1))
    with open(path, "w", encoding="utf-8") as out:
        out.write("resident_id,name,mobile,district,birth_date,gender\n")
        for i in range(rows):
            area = areas[i % len(areas)]
            slot = (i // len(areas)) * stride + rnd.randrange(stride)
            born = BORN + datetime.timedelta(days=slot // 1000)
            seq = slot % 1000
            body = f"{area}{born:%Y%m%d}{seq:03d}"
            rid = body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]
            mobile = "139" + f"{rnd.randrange(10**8):08d}"
            gender = "男" if seq % 2 else "女"
            out.write(f"{rid},居民{i},{mobile},{AREAS[area]},{born:%Y-%m-%d},{gender}\n")

if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
