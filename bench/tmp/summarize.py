import json,sys,collections
p=json.load(open(sys.argv[1]))
nodes={n['id']:n for n in p['nodes']}
dt=collections.Counter()
for s,d in zip(p['samples'],p['timeDeltas']): dt[s]+=d
parent={}
for n in p['nodes']:
  for c in n.get('children',[]): parent[c]=n['id']
self_fn=collections.Counter(); self_file=collections.Counter(); incl=collections.Counter()
for nid,t in dt.items():
  n=nodes[nid]; cf=n['callFrame']
  key=f"{cf['functionName'] or '(anon)'} {cf['url'].split('/')[-1]}:{cf['lineNumber']}"
  self_fn[key]+=t; self_file[cf['url'].split('node_modules/')[-1][-60:] or cf['functionName']]+=t
  seen=set(); x=nid
  while x is not None:
    cf=nodes[x]['callFrame']; k=f"{cf['functionName'] or '(anon)'} {cf['url'].split('/')[-1]}:{cf['lineNumber']}"
    if k not in seen: incl[k]+=t; seen.add(k)
    x=parent.get(x)
tot=sum(dt.values())
print('total ms',tot/1000)
print('--- self by file'); [print(f"{v/1000:9.0f} {k}") for k,v in self_file.most_common(20)]
print('--- self by fn'); [print(f"{v/1000:9.0f} {k}") for k,v in self_fn.most_common(25)]
print('--- inclusive (src)'); [print(f"{v/1000:9.0f} {k}") for k,v in incl.most_common(400) if '.ts:' in k][:40]
