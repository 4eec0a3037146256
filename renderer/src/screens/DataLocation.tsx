// 设置 → 数据存放: which ledger file (or office server) is open and why this folder (default, config.json, chosen at start-up,
// or given on the command line). From app.info, which every door answers for everyone, so it shows always —
// also before the settings load and for operators who may not edit them.
import { Descriptions, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AppInfo, DataSource } from '../../../shared/api';
import { call } from '../api/client';
import { errorText } from '../lib/errors';

export function dataSourceText(source: DataSource): string {
  switch (source.kind) {
    case 'default':
      return '默认位置（本机用户的程序数据文件夹）';
    case 'config':
      return `由设置文件 ${source.configFile} 指定`;
    case 'chosen':
      return `启动时选择（已记入设置文件 ${source.configFile}）`;
    case 'given':
      return '启动时指定（浏览器模式或命令行的 --db）';
  }
}

export function DataLocation({ refresh }: { refresh?: unknown }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    call('app.info', {})
      .then((value) => live && setInfo(value))
      .catch((error: unknown) => live && setProblem(errorText(error)));
    return () => {
      live = false;
    };
  }, [refresh]);

  if (problem) return <Typography.Text type="danger">无法读取数据文件的位置：{problem}</Typography.Text>;
  const onServer = info?.officeServer === true;
  // On the office server dbFile names the server ("办公室服务器 user@host:port/db"); the folder is this PC's own.
  return (
    <Descriptions bordered size="small" column={1} styles={{ label: { width: 110 } }} data-testid="data-location">
      <Descriptions.Item label={onServer ? '数据存放' : '当前数据文件'}>
        <Typography.Text className="mono" copyable={info ? { text: info.dbFile } : false} data-testid="settings-dbFile">
          {info?.dbFile ?? '读取中…'}
        </Typography.Text>
        {onServer ? <div className="field-hint">台账的全部数据都在办公室服务器上，各台电脑共用；这台电脑上没有台账文件。</div> : null}
      </Descriptions.Item>
      <Descriptions.Item label={onServer ? '本机文件夹' : '数据文件夹'}>
        <Typography.Text className="mono" data-testid="settings-dataDir">
          {info?.dataDir ?? ''}
        </Typography.Text>
        <div className="field-hint">
          {onServer
            ? '这台电脑的日志和办公室服务器的备份在这个文件夹中。'
            : '备份、日志、佐证材料和归档的简报都在这个文件夹中。台账的全部数据都在数据文件中，请定期备份。'}
        </div>
      </Descriptions.Item>
      <Descriptions.Item label="位置来源">
        <span data-testid="settings-dataSource">{info ? dataSourceText(info.dataSource) : ''}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
